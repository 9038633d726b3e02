import LabLedgerDomain

/// One commitment stream folded. `state` is the decider's own fold, so committed and disbursed
/// totals are computed exactly as the domain computes them; the rest is what the rows show and
/// the decider has no need to keep (the order of disbursements, reversal details, adjustments).
struct FundingCommitmentDocument: Codable, Sendable, Equatable {
    struct Disbursement: Codable, Sendable, Equatable {
        var reference: String
        var amount: Amount
        var valueDate: LocalDate
        var recordedVersion: Int
        var recordedPosition: Int64
        var reversedOn: LocalDate?
        var reversalReason: String?
    }

    struct Adjustment: Codable, Sendable, Equatable {
        var delta: Amount
        var amendment: Int
        var recordedVersion: Int
        var recordedPosition: Int64
    }

    /// The commitment as first made: the amount before any adjustment.
    var commitment: FundingCommitted
    var state: FundingState
    /// In the order recorded.
    var disbursements: [Disbursement]
    var adjustments: [Adjustment]
    var closedReason: String?
    var streamVersion: Int
    var updatedPosition: Int64
}
