import LabLedgerDomain

extension APIHandler {
    /// A party-bound caller sees a commitment only when its party is a party to the agreement
    /// (404 otherwise), and acts on it only as the funder (403 for the other parties).
    func requireFunder(_ principal: Principal, of state: FundingState, what: String) async throws {
        guard principal.party != nil else { return }
        guard let agreement = state.agreement, let funder = state.funder else { throw Problem.notFound(what) }
        let parties = try await facts.draftedAgreement(agreement).map { Array($0.parties.keys) } ?? []
        try Access.requireVisible(principal, parties: parties, what: what)
        try Access.requireActingAs(principal, funder, field: "the commitment's funder")
    }
}
