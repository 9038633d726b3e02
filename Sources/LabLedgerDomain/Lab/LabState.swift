public struct LabState: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        case notFounded
        case active
        case dissolved(on: LocalDate)
    }

    public var status: Status = .notFounded
    public var id: LabID?
    public var name = ""
    public var foundedOn: LocalDate?
    public var founders: [PartyID] = []
    /// Current members (founders included) and their roles; departed members are removed.
    public var members: [PartyID: PartyRole] = [:]
    public var advisors: Set<PersonID> = []
    public var researchAreas: [String] = []
    /// Nil until one is given at founding or recorded.
    public var profile: LabProfile?

    public init() {}
}

extension LabDecider {
    public static let initial = LabState()

    public static func evolve(_ state: inout LabState, _ event: LabEvent) {
        switch event {
        case .founded(let e):
            state.status = .active
            state.id = e.lab
            state.name = e.name
            state.foundedOn = e.foundedOn
            state.founders = e.founders.map(\.party)
            state.researchAreas = e.researchAreas
            state.profile = e.profile
            for founder in e.founders { state.members[founder.party] = founder.role }
        case .memberAdmitted(let e):
            state.members[e.party] = e.role
        case .memberDeparted(let e):
            state.members[e.party] = nil
        case .advisoryBoardMemberAppointed(let e):
            state.advisors.insert(e.advisor)
        case .profileRecorded(let e):
            state.profile = e.profile
        case .dissolved(let e):
            state.status = .dissolved(on: e.dissolvedOn)
        }
    }
}

/// What other aggregates need to know about a lab ("a dissolved lab takes no new activity").
/// The handler folds the lab's stream and passes this in with the command.
public struct LabFacts: Sendable, Equatable {
    public let lab: LabID
    public let foundedOn: LocalDate?
    public let dissolvedOn: LocalDate?
    public let members: Set<PartyID>

    public init(lab: LabID, foundedOn: LocalDate?, dissolvedOn: LocalDate?, members: Set<PartyID>) {
        self.lab = lab
        self.foundedOn = foundedOn
        self.dissolvedOn = dissolvedOn
        self.members = members
    }

    public init(lab: LabID, state: LabState) {
        var dissolvedOn: LocalDate?
        if case .dissolved(let date) = state.status { dissolvedOn = date }
        self.init(lab: lab, foundedOn: state.foundedOn, dissolvedOn: dissolvedOn, members: Set(state.members.keys))
    }

    public var isFounded: Bool { foundedOn != nil }

    /// Refuses new activity in a lab that is unknown or dissolved, under the caller's namespace:
    /// `<namespace>.lab-not-founded`, `<namespace>.lab-dissolved`, `<namespace>.lab-facts-mismatch`.
    public func requireActive(_ expected: LabID, namespace: String) throws(DomainError) {
        guard lab == expected else {
            throw DomainError(code: "\(namespace).lab-facts-mismatch", message: "The facts given are for lab '\(lab)', not '\(expected)'.")
        }
        guard isFounded else {
            throw DomainError(code: "\(namespace).lab-not-founded", message: "Lab '\(lab)' has not been founded.")
        }
        if let dissolvedOn {
            throw DomainError(code: "\(namespace).lab-dissolved", message: "Lab '\(lab)' was dissolved on \(dissolvedOn) and takes no new activity.")
        }
    }
}
