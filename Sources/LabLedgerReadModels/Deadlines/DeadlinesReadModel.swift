import LabLedgerDomain

/// The deadlines users ask about, one row each, from six stream categories: option expiries,
/// publication-review windows, agreement term ends, internship and placement ends, round
/// application windows and commitment periods. Schema: schema/migrations/0010_deadlines.sql.
public enum DeadlinesReadModel {
    public static let projection = ReadModelProjection(
        name: "deadlines",
        // 2: rows derived from documents written at a rebuild's end (`StreamProjector.finishRebuild`): an older worker would swap in such a rebuild without them, so it meets another version's rebuild and starts its own.
        version: 2,
        tables: [DeadlinesTables.documents, DeadlinesTables.deadlines],
        models: [
            StreamModel(DeadlinesIPAssetModel.self), StreamModel(DeadlinesOutputModel.self),
            StreamModel(DeadlinesAgreementModel.self), StreamModel(DeadlinesPlacementModel.self),
            StreamModel(DeadlinesRoundModel.self), StreamModel(DeadlinesCommitmentModel.self),
        ])
}

enum DeadlinesTables {
    static let documents = "deadlines_documents"
    static let deadlines = "deadlines"
}
