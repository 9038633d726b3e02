/// What other aggregates need to know about an agreement: is it executed and not ended, who
/// its parties are and in which roles, what it covers, which amendments exist. The handler
/// folds the agreement's stream and passes this in; the domain never reads another stream.
public struct AgreementFacts: Sendable, Equatable {
    public let agreement: AgreementID
    public let lab: LabID
    public let status: AgreementState.Status
    public let parties: [PartyID: PartyRole]
    public let term: DateRange
    public let executedOn: LocalDate?
    public let terminatedOn: LocalDate?
    public let amendments: [Int]
    public let ipTerms: IPTerms

    public init(
        agreement: AgreementID, lab: LabID, status: AgreementState.Status, parties: [PartyID: PartyRole],
        term: DateRange, executedOn: LocalDate?, terminatedOn: LocalDate?, amendments: [Int], ipTerms: IPTerms
    ) {
        self.agreement = agreement
        self.lab = lab
        self.status = status
        self.parties = parties
        self.term = term
        self.executedOn = executedOn
        self.terminatedOn = terminatedOn
        self.amendments = amendments
        self.ipTerms = ipTerms
    }

    /// Nil for an agreement that was never drafted: there is nothing to know about it.
    public init?(state: AgreementState) {
        guard let id = state.id, let lab = state.lab, let term = state.term, let ipTerms = state.ipTerms else { return nil }
        var roles: [PartyID: PartyRole] = [:]
        for party in state.parties { roles[party.party] = party.role }
        self.init(
            agreement: id, lab: lab, status: state.status, parties: roles, term: term,
            executedOn: state.executedOn, terminatedOn: state.terminatedOn, amendments: state.amendments, ipTerms: ipTerms)
    }

    public func isParty(_ party: PartyID) -> Bool { parties[party] != nil }

    /// Refuses anything but an executed, unterminated, unexpired agreement, under the caller's
    /// namespace: `<namespace>.agreement-facts-mismatch`, `<namespace>.agreement-not-executed`,
    /// `<namespace>.agreement-terminated`, `<namespace>.agreement-expired`.
    public func requireInForce(_ expected: AgreementID, namespace: String) throws(DomainError) {
        guard agreement == expected else {
            throw DomainError(code: "\(namespace).agreement-facts-mismatch", message: "The facts given are for agreement '\(agreement)', not '\(expected)'.")
        }
        switch status {
        case .executed:
            return
        case .notDrafted, .drafted:
            throw DomainError(code: "\(namespace).agreement-not-executed", message: "Agreement '\(agreement)' has not been signed by every party.")
        case .terminated:
            throw DomainError(code: "\(namespace).agreement-terminated", message: "Agreement '\(agreement)' was terminated.")
        case .expired:
            throw DomainError(code: "\(namespace).agreement-expired", message: "Agreement '\(agreement)' has expired.")
        }
    }
}
