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
        // 2: benefits, mentors and mentors' data became keyed rows (written when granted or assigned).
        // 3: rows derived from documents written at a rebuild's end (`StreamProjector.finishRebuild`): an older worker would swap in such a rebuild without them, so it meets another version's rebuild and starts its own.
        version: 3,
        tables: [documentsTable, roundsTable, startupsTable, benefitsTable, mentorsTable, peopleTable],
        keyedTables: [
            benefitsTable: ["round_id", "reference"], mentorsTable: ["round_id", "startup_id", "mentor_id"],
            peopleTable: ["stream_id", "person_id"],
        ],
        // Most events of a round leave its startups' rows as they were (the round's row, with its
        // counts and version, is replaced at every event). The table's primary key is
        // (round_id, startup_id); a round is one stream.
        diffedTables: [startupsTable: ["stream_id", "startup_id"]],
        models: [StreamModel(RoundModel.self)])
}
