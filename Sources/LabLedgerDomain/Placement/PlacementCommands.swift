/// Facts for starting a placement: its lab and its agreement, each folded from its own stream.
public struct PlacementFacts: Sendable, Equatable {
    public var lab: LabFacts
    public var agreement: AgreementFacts

    public init(lab: LabFacts, agreement: AgreementFacts) {
        self.lab = lab
        self.agreement = agreement
    }
}

public struct AwardStudentship: Sendable, Equatable {
    public var placement: PlacementID
    public var lab: LabID
    public var agreement: AgreementID
    public var student: PersonID
    public var orcid: ORCID?
    public var degreeGrantor: PartyID
    public var sponsor: PartyID
    public var stipend: Stipend
    public var period: DateRange
    public var awardedOn: LocalDate
    public var person: PersonalData
    public var facts: PlacementFacts
    /// The commitment the stipend will draw on.
    public var commitment: CommitmentFacts

    public init(
        placement: PlacementID, lab: LabID, agreement: AgreementID, student: PersonID, orcid: ORCID? = nil,
        degreeGrantor: PartyID, sponsor: PartyID, stipend: Stipend, period: DateRange, awardedOn: LocalDate,
        person: PersonalData, facts: PlacementFacts, commitment: CommitmentFacts
    ) {
        self.placement = placement
        self.lab = lab
        self.agreement = agreement
        self.student = student
        self.orcid = orcid
        self.degreeGrantor = degreeGrantor
        self.sponsor = sponsor
        self.stipend = stipend
        self.period = period
        self.awardedOn = awardedOn
        self.person = person
        self.facts = facts
        self.commitment = commitment
    }
}

public struct PayStipend: Sendable, Equatable {
    public var amount: Money
    public var forPeriod: DateRange
    public var paidOn: LocalDate
    public var reference: String
    /// The studentship's commitment as it stands now, with its balance.
    public var commitment: CommitmentFacts

    public init(amount: Money, forPeriod: DateRange, paidOn: LocalDate, reference: String, commitment: CommitmentFacts) {
        self.amount = amount
        self.forPeriod = forPeriod
        self.paidOn = paidOn
        self.reference = reference
        self.commitment = commitment
    }
}

public struct StartInternship: Sendable, Equatable {
    public var host: PartyID
    public var period: DateRange
    /// The agreement the host is a party to; it must be executed, unterminated and cover the dates.
    public var agreement: AgreementFacts

    public init(host: PartyID, period: DateRange, agreement: AgreementFacts) {
        self.host = host
        self.period = period
        self.agreement = agreement
    }
}

public struct EndInternship: Sendable, Equatable {
    public var endedOn: LocalDate

    public init(endedOn: LocalDate) { self.endedOn = endedOn }
}

public struct AppointPostdoc: Sendable, Equatable {
    public var placement: PlacementID
    public var lab: LabID
    public var agreement: AgreementID
    public var researcher: PersonID
    public var orcid: ORCID?
    public var employer: PartyID
    public var period: DateRange
    public var appointedOn: LocalDate
    public var person: PersonalData
    public var facts: PlacementFacts

    public init(
        placement: PlacementID, lab: LabID, agreement: AgreementID, researcher: PersonID, orcid: ORCID? = nil,
        employer: PartyID, period: DateRange, appointedOn: LocalDate, person: PersonalData, facts: PlacementFacts
    ) {
        self.placement = placement
        self.lab = lab
        self.agreement = agreement
        self.researcher = researcher
        self.orcid = orcid
        self.employer = employer
        self.period = period
        self.appointedOn = appointedOn
        self.person = person
        self.facts = facts
    }
}

public struct ConferDegree: Sendable, Equatable {
    /// The party asking to confer; only the studentship's degree grantor may.
    public var grantor: PartyID
    public var degree: String
    public var conferredOn: LocalDate

    public init(grantor: PartyID, degree: String, conferredOn: LocalDate) {
        self.grantor = grantor
        self.degree = degree
        self.conferredOn = conferredOn
    }
}

public struct EndPlacement: Sendable, Equatable {
    public var reason: PlacementEndReason
    public var endedOn: LocalDate

    public init(reason: PlacementEndReason, endedOn: LocalDate) {
        self.reason = reason
        self.endedOn = endedOn
    }
}

public enum PlacementCommand: Sendable, Equatable {
    case awardStudentship(AwardStudentship)
    case payStipend(PayStipend)
    case startInternship(StartInternship)
    case endInternship(EndInternship)
    case appointPostdoc(AppointPostdoc)
    case conferDegree(ConferDegree)
    case end(EndPlacement)
}
