import LabLedgerDomain

/// Research outputs: by lab, party, status and DOI, the validation queue and publication
/// reviews. Schema: schema/migrations/0007_outputs.sql.
public enum OutputsReadModel {
    public static let projection = ReadModelProjection(
        name: "outputs",
        // 2: rows derived from documents written at a rebuild's end (`StreamProjector.finishRebuild`): an older worker would swap in such a rebuild without them, so it meets another version's rebuild and starts its own.
        version: 2, tables: OutputsTables.all, diffedTables: OutputsTables.diffed, models: [StreamModel(OutputsModel.self)])
}

enum OutputsTables {
    static let documents = "outputs_documents"
    static let outputs = "outputs"
    static let parties = "output_parties"
    /// The only table holding contributors' ORCID iDs.
    static let people = "output_people"

    static let all = [documents, outputs, parties, people]

    /// Written row by row (`ReadModelProjection.diffedTables`), by their primary keys: most
    /// events of an output leave its affiliations, reviewers and contributors as they were
    /// (`outputs`, whose row carries the stream's version, is replaced at every event).
    static let diffed = [parties: ["stream_id", "relation", "party_id"], people: ["stream_id", "orcid"]]
}
