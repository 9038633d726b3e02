public struct AgreementState: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        case notDrafted
        /// Drafted; waiting for some parties' signatures.
        case drafted
        /// Every party has signed.
        case executed
        case terminated
        case expired
    }

    public var status: Status = .notDrafted
    public var id: AgreementID?
    public var lab: LabID?
    public var kind: AgreementKind?
    public var parties: [AgreementParty] = []
    public var costShares: [CostShare] = []
    public var ipTerms: IPTerms?
    public var peopleTerms: PeopleTerms?
    /// Drafted to set up its lab, before the lab was founded.
    public var setsUpLab = false
    public var term: DateRange?
    public var draftedOn: LocalDate?
    public var signatures: [PartyID: LocalDate] = [:]
    /// The day the last party signed.
    public var executedOn: LocalDate?
    public var amendments: [Int] = []
    public var terminatedOn: LocalDate?
    public var expiredOn: LocalDate?

    public init() {}

    public var partyIDs: Set<PartyID> { Set(parties.map(\.party)) }
}

extension AgreementDecider {
    public static let initial = AgreementState()

    public static func evolve(_ state: inout AgreementState, _ event: AgreementEvent) {
        switch event {
        case .drafted(let e):
            state.status = .drafted
            state.id = e.agreement
            state.lab = e.lab
            state.kind = e.kind
            state.parties = e.parties
            state.costShares = e.costShares
            state.ipTerms = e.ipTerms
            state.peopleTerms = e.peopleTerms
            state.setsUpLab = e.setsUpLab ?? false
            state.term = e.term
            state.draftedOn = e.draftedOn
        case .signed(let e):
            state.signatures[e.party] = e.signedOn
            if state.status == .drafted, state.partyIDs.isSubset(of: state.signatures.keys) {
                state.status = .executed
                state.executedOn = state.signatures.values.max()
            }
        case .amended(let e):
            state.amendments.append(e.number)
            if let shares = e.changes.costShares { state.costShares = shares }
            if let term = e.changes.term { state.term = term }
            if let terms = e.changes.ipTerms { state.ipTerms = terms }
        case .terminated(let e):
            state.status = .terminated
            state.terminatedOn = e.effectiveOn
        case .expired(let e):
            state.status = .expired
            state.expiredOn = e.expiredOn
        }
    }
}
