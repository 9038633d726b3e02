/// What committing needs from other streams: the agreement (executed, funder a party) and its
/// lab (not dissolved).
public struct CommitFundingFacts: Sendable, Equatable {
    public var agreement: AgreementFacts
    public var lab: LabFacts

    public init(agreement: AgreementFacts, lab: LabFacts) {
        self.agreement = agreement
        self.lab = lab
    }
}

public struct CommitFunding: Sendable, Equatable {
    public var commitment: CommitmentID
    public var agreement: AgreementID
    public var funder: PartyID
    public var purpose: FundingPurpose
    public var amount: Amount
    public var period: DateRange
    public var facts: CommitFundingFacts

    public init(
        commitment: CommitmentID, agreement: AgreementID, funder: PartyID, purpose: FundingPurpose,
        amount: Amount, period: DateRange, facts: CommitFundingFacts
    ) {
        self.commitment = commitment
        self.agreement = agreement
        self.funder = funder
        self.purpose = purpose
        self.amount = amount
        self.period = period
        self.facts = facts
    }
}

public struct RecordDisbursement: Sendable, Equatable {
    public var amount: Amount
    public var valueDate: LocalDate
    public var reference: String

    public init(amount: Amount, valueDate: LocalDate, reference: String) {
        self.amount = amount
        self.valueDate = valueDate
        self.reference = reference
    }
}

public struct ReverseDisbursement: Sendable, Equatable {
    public var reference: String
    public var reason: String
    public var reversedOn: LocalDate

    public init(reference: String, reason: String, reversedOn: LocalDate) {
        self.reference = reference
        self.reason = reason
        self.reversedOn = reversedOn
    }
}

/// `agreement` is the commitment's agreement as it stands now, so the amendment can be checked.
public struct AdjustCommitment: Sendable, Equatable {
    public var delta: Amount
    public var amendment: Int
    public var agreement: AgreementFacts

    public init(delta: Amount, amendment: Int, agreement: AgreementFacts) {
        self.delta = delta
        self.amendment = amendment
        self.agreement = agreement
    }
}

public struct CloseCommitment: Sendable, Equatable {
    public var closedOn: LocalDate
    public var reason: String

    public init(closedOn: LocalDate, reason: String) {
        self.closedOn = closedOn
        self.reason = reason
    }
}

public enum FundingCommand: Sendable, Equatable {
    case commit(CommitFunding)
    case recordDisbursement(RecordDisbursement)
    case reverseDisbursement(ReverseDisbursement)
    case adjust(AdjustCommitment)
    case close(CloseCommitment)
}
