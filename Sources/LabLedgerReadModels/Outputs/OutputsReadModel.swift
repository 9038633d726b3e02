import LabLedgerDomain

/// Research outputs: by lab, party, status and DOI, the validation queue and publication
/// reviews. Schema: schema/migrations/0007_outputs.sql.
public enum OutputsReadModel {
    public static let projection = ReadModelProjection(
        name: "outputs", version: 1, tables: OutputsTables.all, models: [StreamModel(OutputsModel.self)])
}

enum OutputsTables {
    static let documents = "outputs_documents"
    static let outputs = "outputs"
    static let parties = "output_parties"
    /// The only table holding contributors' ORCID iDs.
    static let people = "output_people"

    static let all = [documents, outputs, parties, people]
}
