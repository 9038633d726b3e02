public struct RoundState: Sendable, Equatable {
    public enum Decision: Sendable, Equatable {
        case pending
        case admitted(on: LocalDate)
        case rejected(on: LocalDate)
    }

    public struct Applicant: Sendable, Equatable {
        public let startup: PartyID
        public let appliedOn: LocalDate
        public var decision: Decision
    }

    public struct Benefit: Sendable, Equatable {
        public let startup: PartyID
        public let kind: BenefitKind
        public let quantity: Amount
        public let provider: PartyID
        public let commitment: CommitmentID?
        public let reference: String
        public let grantedOn: LocalDate
    }

    public var id: RoundID?
    public var lab: LabID?
    public var number = 0
    public var capacity = 0
    public var applicationWindow: DateRange?
    public var programmeMonths = 0
    /// In application order.
    public var applicants: [Applicant] = []
    public var benefits: [Benefit] = []
    public var mentors: [PartyID: Set<PersonID>] = [:]
    public var graduates: [PartyID] = []
    public var graduatedOn: LocalDate?

    public init() {}

    public var isOpened: Bool { id != nil }

    public func applicant(_ startup: PartyID) -> Applicant? { applicants.first { $0.startup == startup } }

    public var admitted: [PartyID] {
        applicants.compactMap { if case .admitted = $0.decision { $0.startup } else { nil } }
    }

    /// The programme starts when applications close and runs `programmeMonths`; nil if the
    /// dates fall outside the calendar, which `decide` refuses when the round opens.
    public var programme: DateRange? {
        guard let start = applicationWindow?.to, let end = try? start.adding(months: programmeMonths) else { return nil }
        return try? DateRange(from: start, to: end)
    }
}

extension RoundDecider {
    public static let initial = RoundState()

    public static func evolve(_ state: inout RoundState, _ event: RoundEvent) {
        switch event {
        case .opened(let e):
            state.id = e.round
            state.lab = e.lab
            state.number = e.number
            state.capacity = e.capacity
            state.applicationWindow = e.applicationWindow
            state.programmeMonths = e.programmeMonths
        case .startupApplied(let e):
            state.applicants.append(RoundState.Applicant(startup: e.startup, appliedOn: e.appliedOn, decision: .pending))
        case .startupAdmitted(let e):
            state.decide(e.startup, .admitted(on: e.admittedOn))
        case .startupRejected(let e):
            state.decide(e.startup, .rejected(on: e.rejectedOn))
        case .benefitGranted(let e):
            state.benefits.append(RoundState.Benefit(
                startup: e.startup, kind: e.kind, quantity: e.quantity, provider: e.provider, commitment: e.commitment,
                reference: e.reference, grantedOn: e.grantedOn))
        case .mentorAssigned(let e):
            state.mentors[e.startup, default: []].insert(e.mentor)
        case .cohortGraduated(let e):
            state.graduates = e.graduates
            state.graduatedOn = e.graduatedOn
        }
    }
}

extension RoundState {
    fileprivate mutating func decide(_ startup: PartyID, _ decision: Decision) {
        if let index = applicants.firstIndex(where: { $0.startup == startup }) { applicants[index].decision = decision }
    }
}
