import LabLedgerDomain

/// One placement stream folded: a PhD studentship (with its internships and stipend payments)
/// or a postdoc appointment. `PlacementState` is not the document because it keeps stipend
/// references in a `Set`, whose JSON order changes from run to run, and lacks what the rows
/// show (the person's data, the degree, each payment).
struct PlacementDocument: Codable, Sendable, Equatable {
    enum Kind: String, Codable, Sendable {
        case studentship
        case postdoc
    }

    struct Internship: Codable, Sendable, Equatable {
        var host: PartyID
        var agreement: AgreementID
        var period: DateRange
        var endedOn: LocalDate?
    }

    struct StipendPayment: Codable, Sendable, Equatable {
        var reference: String
        var amount: Money
        var forPeriod: DateRange
        var paidOn: LocalDate
        var commitment: CommitmentID
        var recordedVersion: Int
        var recordedPosition: Int64
    }

    var kind: Kind
    var placement: PlacementID
    var lab: LabID
    var agreement: AgreementID
    var person: PersonID
    /// Personal data, like `personalData`: it goes to `placement_people` only.
    var orcid: ORCID?
    var personalData: PersonalData
    var period: DateRange
    /// The day the studentship was awarded or the postdoc appointed.
    var startedOn: LocalDate
    var degreeGrantor: PartyID?
    var sponsor: PartyID?
    var stipend: Stipend?
    var employer: PartyID?
    /// In the order started; only the last can be in progress.
    var internships: [Internship]
    /// In the order paid.
    var stipends: [StipendPayment]
    var degree: String?
    var degreeConferredOn: LocalDate?
    var endedOn: LocalDate?
    var endReason: PlacementEndReason?
    var streamVersion: Int
    var updatedPosition: Int64
}

extension PlacementDocument {
    init(_ awarded: StudentshipAwarded, at event: ProjectableEvent) {
        self.init(
            kind: .studentship, placement: awarded.placement, lab: awarded.lab, agreement: awarded.agreement,
            person: awarded.student, orcid: awarded.orcid, personalData: awarded.person, period: awarded.period,
            startedOn: awarded.awardedOn, degreeGrantor: awarded.degreeGrantor, sponsor: awarded.sponsor,
            stipend: awarded.stipend, employer: nil, internships: [], stipends: [], degree: nil, degreeConferredOn: nil,
            endedOn: nil, endReason: nil, streamVersion: event.streamVersion, updatedPosition: event.position)
    }

    init(_ appointed: PostdocAppointed, at event: ProjectableEvent) {
        self.init(
            kind: .postdoc, placement: appointed.placement, lab: appointed.lab, agreement: appointed.agreement,
            person: appointed.researcher, orcid: appointed.orcid, personalData: appointed.person, period: appointed.period,
            startedOn: appointed.appointedOn, degreeGrantor: nil, sponsor: nil, stipend: nil, employer: appointed.employer,
            internships: [], stipends: [], degree: nil, degreeConferredOn: nil, endedOn: nil, endReason: nil,
            streamVersion: event.streamVersion, updatedPosition: event.position)
    }

    /// Ended wins over degree conferred: a student who got the degree and then left has ended.
    var status: String {
        if endedOn != nil { return "ended" }
        if degreeConferredOn != nil { return "degree_conferred" }
        return "active"
    }
}
