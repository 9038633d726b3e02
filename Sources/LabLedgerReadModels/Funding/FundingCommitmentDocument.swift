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

extension FundingCommitmentDocument {
    /// Version 1 of the projection kept the decider's whole state (with every disbursement).
    private enum VersionOneKeys: String, CodingKey {
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
            return
        }
        let versionOne = try decoder.container(keyedBy: VersionOneKeys.self)
        let state = try versionOne.decode(FundingState.self, forKey: .state)
        guard let committed = state.committed, let disbursed = state.disbursed else {
            throw DecodingError.dataCorruptedError(
                forKey: .state, in: versionOne, debugDescription: "a version 1 commitment document without committed totals")
        }
        self.committed = committed
        self.disbursed = disbursed
        closedOn = state.closedOn
    }
}
