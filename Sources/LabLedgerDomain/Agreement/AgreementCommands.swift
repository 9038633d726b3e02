/// What drafting needs to know from other streams: the lab (it must exist and not be
/// dissolved) and which parties are registered.
public struct AgreementDraftingFacts: Sendable, Equatable {
    public var lab: LabFacts
    public var parties: KnownParties

    public init(lab: LabFacts, parties: KnownParties) {
        self.lab = lab
        self.parties = parties
    }
}

public struct DraftAgreement: Sendable, Equatable {
    public var agreement: AgreementID
    public var lab: LabID
    public var kind: AgreementKind
    public var title: String
    public var parties: [AgreementParty]
    public var costShares: [CostShare]
    public var ipTerms: IPTerms
    public var term: DateRange
    public var draftedOn: LocalDate
    public var peopleTerms: PeopleTerms?
    /// An agreement to set up `lab`, which is not founded yet (a joint-lab agreement only).
    public var setsUpLab: Bool
    public var facts: AgreementDraftingFacts

    public init(
        agreement: AgreementID, lab: LabID, kind: AgreementKind, title: String, parties: [AgreementParty],
        costShares: [CostShare], ipTerms: IPTerms, term: DateRange, draftedOn: LocalDate, peopleTerms: PeopleTerms? = nil,
        setsUpLab: Bool = false, facts: AgreementDraftingFacts
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
        self.facts = facts
    }
}

public struct SignAgreement: Sendable, Equatable {
    public var party: PartyID
    public var signatory: PersonID
    public var signatoryTitle: String
    public var signedOn: LocalDate
    public var person: PersonalData

    public init(party: PartyID, signatory: PersonID, signatoryTitle: String, signedOn: LocalDate, person: PersonalData) {
        self.party = party
        self.signatory = signatory
        self.signatoryTitle = signatoryTitle
        self.signedOn = signedOn
        self.person = person
    }
}

public struct AmendAgreement: Sendable, Equatable {
    public var number: Int
    public var changes: AmendmentChanges
    public var effectiveFrom: LocalDate

    public init(number: Int, changes: AmendmentChanges, effectiveFrom: LocalDate) {
        self.number = number
        self.changes = changes
        self.effectiveFrom = effectiveFrom
    }
}

public struct TerminateAgreement: Sendable, Equatable {
    public var reason: String
    public var effectiveOn: LocalDate

    public init(reason: String, effectiveOn: LocalDate) {
        self.reason = reason
        self.effectiveOn = effectiveOn
    }
}

/// Recorded by a scheduler once the term's end has passed.
public struct ExpireAgreement: Sendable, Equatable {
    public var expiredOn: LocalDate

    public init(expiredOn: LocalDate) { self.expiredOn = expiredOn }
}

public enum AgreementCommand: Sendable, Equatable {
    case draft(DraftAgreement)
    case sign(SignAgreement)
    case amend(AmendAgreement)
    case terminate(TerminateAgreement)
    case expire(ExpireAgreement)
}
