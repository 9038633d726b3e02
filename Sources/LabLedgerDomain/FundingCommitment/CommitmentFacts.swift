/// What a stipend (or any draw on a commitment from another stream) needs to know: whose money
/// it is, for what, and how much is left. The handler folds the commitment's stream and passes
/// it in; the draw itself is then recorded on the commitment as a `DisbursementRecorded`, whose
/// decide re-checks the balance atomically in that stream.
public struct CommitmentFacts: Sendable, Equatable {
    public let commitment: CommitmentID
    public let funder: PartyID
    public let purpose: FundingPurpose
    public let balance: Amount
    public let closed: Bool

    public init(commitment: CommitmentID, funder: PartyID, purpose: FundingPurpose, balance: Amount, closed: Bool) {
        self.commitment = commitment
        self.funder = funder
        self.purpose = purpose
        self.balance = balance
        self.closed = closed
    }

    /// Nil before the commitment exists.
    public init?(state: FundingState) {
        guard let id = state.id, let funder = state.funder, let purpose = state.purpose, let balance = state.balance else { return nil }
        self.init(commitment: id, funder: funder, purpose: purpose, balance: balance, closed: state.closedOn != nil)
    }
}
