/// `Codable` so the funding read model can keep this fold as its document: the totals then come
/// from the decider's own `evolve`. Every key is a string (no sets), so the JSON is stable.
public struct FundingState: Sendable, Equatable, Codable {
    public struct Disbursement: Sendable, Equatable, Codable {
        public let amount: Amount
        public let valueDate: LocalDate
        public var reversed: Bool
    }

    public var id: CommitmentID?
    public var agreement: AgreementID?
    public var funder: PartyID?
    public var purpose: FundingPurpose?
    public var period: DateRange?
    /// The committed total after adjustments; nil until committed.
    public var committed: Amount?
    /// What was handed over and not reversed; same currency or unit as `committed`.
    public var disbursed: Amount?
    public var disbursements: [String: Disbursement] = [:]
    public var closedOn: LocalDate?

    public init() {}

    public var isCommitted: Bool { committed != nil }

    /// Committed minus disbursed, or nil before the commitment exists.
    public var balance: Amount? {
        guard let committed, let disbursed else { return nil }
        return try? committed.subtracting(disbursed)
    }
}

extension FundingDecider {
    public static let initial = FundingState()

    public static func evolve(_ state: inout FundingState, _ event: FundingEvent) {
        switch event {
        case .committed(let e):
            state.id = e.commitment
            state.agreement = e.agreement
            state.funder = e.funder
            state.purpose = e.purpose
            state.period = e.period
            state.committed = e.amount
            state.disbursed = e.amount.zero
        case .disbursementRecorded(let e):
            state.disbursements[e.reference] = FundingState.Disbursement(amount: e.amount, valueDate: e.valueDate, reversed: false)
            // decide proved the sum fits and matches the denomination; a stream that breaks
            // that was not written by decide and keeps its previous total.
            state.disbursed = state.disbursed.flatMap { try? $0.adding(e.amount) } ?? state.disbursed
        case .disbursementReversed(let e):
            if let original = state.disbursements[e.reference] {
                state.disbursements[e.reference]?.reversed = true
                state.disbursed = state.disbursed.flatMap { try? $0.subtracting(original.amount) } ?? state.disbursed
            }
        case .adjusted(let e):
            state.committed = state.committed.flatMap { try? $0.adding(e.delta) } ?? state.committed
        case .closed(let e):
            state.closedOn = e.closedOn
        }
    }
}
