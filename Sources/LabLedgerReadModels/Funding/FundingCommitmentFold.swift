/// One commitment stream folded outside the projection by the projection's own fold and row
/// mapping: what an `asOf` answer reads, so that as of the head it is the stored row.
public struct FundingCommitmentFold: Sendable {
    private var document: FundingCommitmentDocument?
    /// Every keyed row the fold wrote: from the stream's first event on, a reversal finds the
    /// disbursement it reverses here.
    private var keyed = KeyedRows()

    public init() {}

    /// Folds the stream's next event (events in stream order).
    public mutating func apply(_ event: ProjectableEvent) throws {
        try FundingCommitmentModel.evolve(&document, event, &keyed)
    }

    /// The `funding_commitments` row of the events applied so far; nil before the first.
    public func commitmentRow(streamID: String) throws -> FundingCommitmentRow? {
        guard let document else { return nil }
        var rows = ReadModelRows()
        try FundingCommitmentModel.rows(document, streamID: streamID, into: &rows)
        return try rows.rows(FundingCommitmentRow.self, in: FundingReadModel.commitmentsTable).first
    }
}
