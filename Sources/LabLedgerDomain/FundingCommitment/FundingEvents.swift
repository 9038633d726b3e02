public enum FundingPurpose: String, Sendable, Hashable, Codable, CaseIterable {
    case operating
    case phdStipend = "phd_stipend"
    case cashGrant = "cash_grant"
    case computeCredits = "compute_credits"
    case officeSpace = "office_space"

    /// Operating costs, stipends and grants are paid in money; office space is given in kind,
    /// in square metres or desk-months; compute credits may be either (GPU or CPU-core hours,
    /// storage TB-months, or credit worth an amount of money).
    public func accepts(_ amount: Amount) -> Bool {
        switch (self, amount) {
        case (.operating, _), (.phdStipend, _), (.cashGrant, _): amount.isCash
        case (.officeSpace, .cash): false
        case (.officeSpace, .inKind(let q)): [.squareMetres, .deskMonths].contains(q.unit)
        case (.computeCredits, .cash): true
        case (.computeCredits, .inKind(let q)): [.gpuHours, .cpuCoreHours, .storageTerabyteMonths].contains(q.unit)
        }
    }
}

public struct FundingCommitted: VersionedEvent {
    public static let eventType = "FundingCommitted"
    public let commitment: CommitmentID
    public let agreement: AgreementID
    public let funder: PartyID
    public let purpose: FundingPurpose
    public let amount: Amount
    public let period: DateRange

    public init(commitment: CommitmentID, agreement: AgreementID, funder: PartyID, purpose: FundingPurpose, amount: Amount, period: DateRange) {
        self.commitment = commitment
        self.agreement = agreement
        self.funder = funder
        self.purpose = purpose
        self.amount = amount
        self.period = period
    }
}

/// Money (or units in kind) actually handed over. `reference` is unique within the commitment
/// (a bank reference, an invoice number, a stipend payment id) and is what a reversal names.
public struct DisbursementRecorded: VersionedEvent {
    public static let eventType = "DisbursementRecorded"
    public let amount: Amount
    public let valueDate: LocalDate
    public let reference: String

    public init(amount: Amount, valueDate: LocalDate, reference: String) {
        self.amount = amount
        self.valueDate = valueDate
        self.reference = reference
    }
}

/// A disbursement recorded in error or returned. It names the disbursement it reverses; the
/// original stays in the history.
public struct DisbursementReversed: VersionedEvent {
    public static let eventType = "DisbursementReversed"
    public let reference: String
    public let reason: String
    public let reversedOn: LocalDate

    public init(reference: String, reason: String, reversedOn: LocalDate) {
        self.reference = reference
        self.reason = reason
        self.reversedOn = reversedOn
    }
}

/// The committed total changes by `delta` (positive or negative) under an agreement amendment.
public struct CommitmentAdjusted: VersionedEvent {
    public static let eventType = "CommitmentAdjusted"
    public let delta: Amount
    public let amendment: Int

    public init(delta: Amount, amendment: Int) {
        self.delta = delta
        self.amendment = amendment
    }
}

/// No more disbursements; an undisbursed balance is released.
public struct CommitmentClosed: VersionedEvent {
    public static let eventType = "CommitmentClosed"
    public let closedOn: LocalDate
    public let reason: String

    public init(closedOn: LocalDate, reason: String) {
        self.closedOn = closedOn
        self.reason = reason
    }
}

public enum FundingEvent: Sendable, Equatable {
    case committed(FundingCommitted)
    case disbursementRecorded(DisbursementRecorded)
    case disbursementReversed(DisbursementReversed)
    case adjusted(CommitmentAdjusted)
    case closed(CommitmentClosed)
}
