/// How a stipend is paid: a monthly amount drawn on the sponsor's commitment.
public struct Stipend: Sendable, Hashable, Codable {
    public let monthly: Money
    public let commitment: CommitmentID

    public init(monthly: Money, commitment: CommitmentID) {
        self.monthly = monthly
        self.commitment = commitment
    }
}

/// A PhD studentship: the university admits the student and confers the degree; the sponsor
/// pays the stipend. The student's name and contact details are in `person` only.
public struct StudentshipAwarded: VersionedEvent {
    public static let eventType = "StudentshipAwarded"
    public let placement: PlacementID
    public let lab: LabID
    public let agreement: AgreementID
    public let student: PersonID
    public let orcid: ORCID?
    public let degreeGrantor: PartyID
    public let sponsor: PartyID
    public let stipend: Stipend
    public let period: DateRange
    public let awardedOn: LocalDate
    public let person: PersonalData

    public init(
        placement: PlacementID, lab: LabID, agreement: AgreementID, student: PersonID, orcid: ORCID?, degreeGrantor: PartyID,
        sponsor: PartyID, stipend: Stipend, period: DateRange, awardedOn: LocalDate, person: PersonalData
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
    }
}

/// One stipend payment, drawn on `commitment`; the same `reference` is recorded as a
/// disbursement on the commitment's stream.
public struct StipendPaid: VersionedEvent {
    public static let eventType = "StipendPaid"
    public let amount: Money
    public let forPeriod: DateRange
    public let paidOn: LocalDate
    public let commitment: CommitmentID
    public let reference: String

    public init(amount: Money, forPeriod: DateRange, paidOn: LocalDate, commitment: CommitmentID, reference: String) {
        self.amount = amount
        self.forPeriod = forPeriod
        self.paidOn = paidOn
        self.commitment = commitment
        self.reference = reference
    }
}

/// The student interns at `host`, a party to `agreement` (executed and in force for the dates).
public struct InternshipStarted: VersionedEvent {
    public static let eventType = "InternshipStarted"
    public let host: PartyID
    public let agreement: AgreementID
    public let period: DateRange

    public init(host: PartyID, agreement: AgreementID, period: DateRange) {
        self.host = host
        self.agreement = agreement
        self.period = period
    }
}

public struct InternshipEnded: VersionedEvent {
    public static let eventType = "InternshipEnded"
    public let endedOn: LocalDate

    public init(endedOn: LocalDate) { self.endedOn = endedOn }
}

/// A postdoctoral researcher recruited by the lab and employed by a party to the agreement.
public struct PostdocAppointed: VersionedEvent {
    public static let eventType = "PostdocAppointed"
    public let placement: PlacementID
    public let lab: LabID
    public let agreement: AgreementID
    public let researcher: PersonID
    public let orcid: ORCID?
    public let employer: PartyID
    public let period: DateRange
    public let appointedOn: LocalDate
    public let person: PersonalData

    public init(
        placement: PlacementID, lab: LabID, agreement: AgreementID, researcher: PersonID, orcid: ORCID?,
        employer: PartyID, period: DateRange, appointedOn: LocalDate, person: PersonalData
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
    }
}

public struct DegreeConferred: VersionedEvent {
    public static let eventType = "DegreeConferred"
    public let grantor: PartyID
    public let degree: String
    public let conferredOn: LocalDate

    public init(grantor: PartyID, degree: String, conferredOn: LocalDate) {
        self.grantor = grantor
        self.degree = degree
        self.conferredOn = conferredOn
    }
}

public enum PlacementEndReason: String, Sendable, Hashable, Codable, CaseIterable {
    case completed
    case withdrawn
    case terminated
    case transferred
}

public struct PlacementEnded: VersionedEvent {
    public static let eventType = "PlacementEnded"
    public let reason: PlacementEndReason
    public let endedOn: LocalDate

    public init(reason: PlacementEndReason, endedOn: LocalDate) {
        self.reason = reason
        self.endedOn = endedOn
    }
}

public enum PlacementEvent: Sendable, Equatable {
    case studentshipAwarded(StudentshipAwarded)
    case stipendPaid(StipendPaid)
    case internshipStarted(InternshipStarted)
    case internshipEnded(InternshipEnded)
    case postdocAppointed(PostdocAppointed)
    case degreeConferred(DegreeConferred)
    case ended(PlacementEnded)
}
