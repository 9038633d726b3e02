import LabLedgerDomain

/// Accelerator rounds and their cohorts: each round with its counts, each startup's status in
/// it, the benefits granted and the mentors assigned. Mentors' names and contact details are
/// only in `round_people`.
public enum RoundsReadModel {
    static let documentsTable = "rounds_documents"
    static let roundsTable = "rounds"
    static let startupsTable = "round_startups"
    static let benefitsTable = "round_benefits"
    static let mentorsTable = "round_mentors"
    static let peopleTable = "round_people"

    public static let projection = ReadModelProjection(
        name: "rounds",
        version: 1,
        tables: [documentsTable, roundsTable, startupsTable, benefitsTable, mentorsTable, peopleTable],
        models: [StreamModel(RoundModel.self)])
}
