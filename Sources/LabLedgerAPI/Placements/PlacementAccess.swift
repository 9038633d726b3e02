import LabLedgerContract
import LabLedgerDomain

extension PlacementState {
    /// The parties a placement concerns: whoever grants the degree, sponsors, employs or hosts.
    /// A university or company key sees a placement only through one of them.
    var involvedParties: Set<PartyID> {
        var parties = Set(internships.map(\.host))
        for party in [degreeGrantor, sponsor, employer] { if let party { parties.insert(party) } }
        return parties
    }
}

extension APIHandler {
    /// The agreement a placement is made under. A party key that is not a party to it gets a
    /// 404 whether or not it exists, so agreements do not leak through this door.
    func placementAgreement(_ id: AgreementID, principal: Principal) async throws -> AgreementFacts {
        guard let agreement = AgreementFacts(state: try await facts.agreementState(id).state) else {
            if principal.party != nil { throw Problem.notFound("Agreement '\(id)'") }
            throw Problem.refused(DomainError(code: "placement.agreement-unknown", message: "No agreement '\(id)' has been drafted."))
        }
        try Access.requireVisible(principal, parties: agreement.parties.keys, what: "Agreement '\(id)'")
        return agreement
    }
}

extension Fields {
    /// A `Money` of the spec (currency and decimal string), each part at its own pointer.
    mutating func placementMoney(_ pointer: String, _ money: Components.Schemas.Money) -> Money? {
        guard let currency = value("\(pointer)/currency", { try CurrencyCode(parsing: money.currency) }) else { return nil }
        return value("\(pointer)/amount") { try Money(parsing: money.amount, currency: currency) }
    }

    mutating func placementPeriod(_ pointer: String, _ period: Components.Schemas.Period) -> DateRange? {
        self.period(pointer, from: period.from, to: period.to)
    }
}

extension PlacementEndReason {
    init(_ reason: Components.Schemas.PlacementEndReason) {
        switch reason {
        case .completed: self = .completed
        case .withdrawn: self = .withdrawn
        case .terminated: self = .terminated
        case .transferred: self = .transferred
        }
    }
}
