import LabLedgerDomain

/// One commitment stream folded, as small as the summary row needs: however many
/// disbursements the commitment has, they live only as rows of `funding_disbursements`,
/// written when they happen (a reversal reads back the one row it reverses).
struct FundingCommitmentDocument: Codable, Sendable, Equatable {
    /// The commitment as first made: the amount before any adjustment.
    var commitment: FundingCommitted
    /// The committed total after adjustments.
    var committed: Amount
    /// What was handed over and not reversed, in the commitment's currency or unit.
    var disbursed: Amount
    var closedOn: LocalDate?
    var closedReason: String?
    var streamVersion: Int
    var updatedPosition: Int64
}
