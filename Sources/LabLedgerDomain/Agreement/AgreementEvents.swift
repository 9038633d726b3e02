public struct AgreementDrafted: VersionedEvent {
    public static let eventType = "AgreementDrafted"
    public let agreement: AgreementID
    public let lab: LabID
    public let kind: AgreementKind
    public let title: String
    public let parties: [AgreementParty]
    public let costShares: [CostShare]
    public let ipTerms: IPTerms
    public let term: DateRange
    public let draftedOn: LocalDate
    /// Absent when the draft states none (and in every event written before agreements had
    /// them): an absent optional is not encoded, so such events keep their bytes and hashes.
    public let peopleTerms: PeopleTerms?
    /// `true` for an agreement to set up `lab`, drafted before the lab was founded; absent
    /// otherwise (and in every event written before such drafts were possible).
    public let setsUpLab: Bool?

    public init(
        agreement: AgreementID, lab: LabID, kind: AgreementKind, title: String, parties: [AgreementParty],
        costShares: [CostShare], ipTerms: IPTerms, term: DateRange, draftedOn: LocalDate, peopleTerms: PeopleTerms? = nil,
        setsUpLab: Bool? = nil
    ) {
        self.agreement = agreement
        self.lab = lab
        self.kind = kind
        self.title = title
        self.parties = parties
        self.costShares = costShares
        self.ipTerms = ipTerms
        self.term = term
        self.draftedOn = draftedOn
        self.peopleTerms = peopleTerms
        self.setsUpLab = setsUpLab
    }
}

/// One party signs. The signatory's name is personal data and sits in `person`; `signatory` is
/// the person's pseudonymous id and `signatoryTitle` the capacity they sign in.
public struct AgreementSigned: VersionedEvent {
    public static let eventType = "AgreementSigned"
    public let party: PartyID
    public let signatory: PersonID
    public let signatoryTitle: String
    public let signedOn: LocalDate
    public let person: PersonalData

    public init(party: PartyID, signatory: PersonID, signatoryTitle: String, signedOn: LocalDate, person: PersonalData) {
        self.party = party
        self.signatory = signatory
        self.signatoryTitle = signatoryTitle
        self.signedOn = signedOn
        self.person = person
    }
}

public struct AgreementAmended: VersionedEvent {
    public static let eventType = "AgreementAmended"
    public let number: Int
    public let changes: AmendmentChanges
    public let effectiveFrom: LocalDate

    public init(number: Int, changes: AmendmentChanges, effectiveFrom: LocalDate) {
        self.number = number
        self.changes = changes
        self.effectiveFrom = effectiveFrom
    }
}

public struct AgreementTerminated: VersionedEvent {
    public static let eventType = "AgreementTerminated"
    public let reason: String
    public let effectiveOn: LocalDate

    public init(reason: String, effectiveOn: LocalDate) {
        self.reason = reason
        self.effectiveOn = effectiveOn
    }
}

public struct AgreementExpired: VersionedEvent {
    public static let eventType = "AgreementExpired"
    public let expiredOn: LocalDate

    public init(expiredOn: LocalDate) { self.expiredOn = expiredOn }
}

public enum AgreementEvent: Sendable, Equatable {
    case drafted(AgreementDrafted)
    case signed(AgreementSigned)
    case amended(AgreementAmended)
    case terminated(AgreementTerminated)
    case expired(AgreementExpired)
}
