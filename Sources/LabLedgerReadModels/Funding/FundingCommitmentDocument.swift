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

    init(
        commitment: FundingCommitted, committed: Amount, disbursed: Amount, closedOn: LocalDate?, closedReason: String?,
        streamVersion: Int, updatedPosition: Int64
    ) {
        self.commitment = commitment
        self.committed = committed
        self.disbursed = disbursed
        self.closedOn = closedOn
        self.closedReason = closedReason
        self.streamVersion = streamVersion
        self.updatedPosition = updatedPosition
    }

    private enum CodingKeys: String, CodingKey {
        case commitment, committed, disbursed, closedOn, closedReason, streamVersion, updatedPosition
        /// Version 1 of the projection kept the decider's whole state (with every disbursement).
        case state
    }

    /// Reads this document and also the one version 1 of the projection stored, whose totals
    /// are in the decider's `state`: while a rebuild to this version runs, the worker keeps the
    /// live tables current with this code, so it must fold onto the documents version 1 left.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        commitment = try container.decode(FundingCommitted.self, forKey: .commitment)
        closedReason = try container.decodeIfPresent(String.self, forKey: .closedReason)
        streamVersion = try container.decode(Int.self, forKey: .streamVersion)
        updatedPosition = try container.decode(Int64.self, forKey: .updatedPosition)
        if container.contains(.committed) {
            committed = try container.decode(Amount.self, forKey: .committed)
            disbursed = try container.decode(Amount.self, forKey: .disbursed)
            closedOn = try container.decodeIfPresent(LocalDate.self, forKey: .closedOn)
        } else {
            let state = try container.decode(FundingState.self, forKey: .state)
            guard let committed = state.committed, let disbursed = state.disbursed else {
                throw DecodingError.dataCorruptedError(
                    forKey: .state, in: container, debugDescription: "a version 1 commitment document without committed totals")
            }
            self.committed = committed
            self.disbursed = disbursed
            closedOn = state.closedOn
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(commitment, forKey: .commitment)
        try container.encode(committed, forKey: .committed)
        try container.encode(disbursed, forKey: .disbursed)
        try container.encodeIfPresent(closedOn, forKey: .closedOn)
        try container.encodeIfPresent(closedReason, forKey: .closedReason)
        try container.encode(streamVersion, forKey: .streamVersion)
        try container.encode(updatedPosition, forKey: .updatedPosition)
    }
}
