public struct PlacementState: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case studentship
        case postdoc
    }

    public struct Internship: Sendable, Equatable {
        public let host: PartyID
        public let agreement: AgreementID
        public let period: DateRange
        public var endedOn: LocalDate?
    }

    public var kind: Kind?
    public var id: PlacementID?
    public var lab: LabID?
    public var agreement: AgreementID?
    public var person: PersonID?
    public var period: DateRange?
    public var degreeGrantor: PartyID?
    public var sponsor: PartyID?
    public var stipend: Stipend?
    public var employer: PartyID?
    public var stipendReferences: Set<String> = []
    public var stipendsPaid: [Money] = []
    public var internships: [Internship] = []
    public var degreeConferredOn: LocalDate?
    public var endedOn: LocalDate?
    public var endReason: PlacementEndReason?

    public init() {}

    public var currentInternship: Internship? {
        internships.last.flatMap { $0.endedOn == nil ? $0 : nil }
    }
}

extension PlacementDecider {
    public static let initial = PlacementState()

    public static func evolve(_ state: inout PlacementState, _ event: PlacementEvent) {
        switch event {
        case .studentshipAwarded(let e):
            state.kind = .studentship
            state.id = e.placement
            state.lab = e.lab
            state.agreement = e.agreement
            state.person = e.student
            state.period = e.period
            state.degreeGrantor = e.degreeGrantor
            state.sponsor = e.sponsor
            state.stipend = e.stipend
        case .stipendPaid(let e):
            state.stipendReferences.insert(e.reference)
            state.stipendsPaid.append(e.amount)
        case .internshipStarted(let e):
            state.internships.append(PlacementState.Internship(host: e.host, agreement: e.agreement, period: e.period, endedOn: nil))
        case .internshipEnded(let e):
            if let last = state.internships.indices.last { state.internships[last].endedOn = e.endedOn }
        case .postdocAppointed(let e):
            state.kind = .postdoc
            state.id = e.placement
            state.lab = e.lab
            state.agreement = e.agreement
            state.person = e.researcher
            state.period = e.period
            state.employer = e.employer
        case .degreeConferred(let e):
            state.degreeConferredOn = e.conferredOn
        case .ended(let e):
            state.endedOn = e.endedOn
            state.endReason = e.reason
        }
    }
}
