import LabLedgerContract
import LabLedgerDomain

extension APIHandler {
    func listLabPlacements(_ input: Operations.ListLabPlacements.Input) async throws -> Operations.ListLabPlacements.Output {
        let principal = try Access.reader()
        try await reads.waitForPosition(["placements"])
        let cursor = try Cursor.parse(input.query.after, keys: 1)
        let limit = try PageSize.parse(input.query.limit)
        let rows = try await reads.placements(
            lab: input.path.labId, party: principal.party, after: cursor?.keys[0], limit: limit + 1)
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit ? page.last.map { Cursor([$0.placementId]).token } : nil
        return .ok(.init(body: .json(.init(items: try page.map { try $0.resource() }, next: next))))
    }

    func getPlacement(_ input: Operations.GetPlacement.Input) async throws -> Operations.GetPlacement.Output {
        let principal = try Access.reader()
        try await reads.waitForPosition(["placements"])
        let id = input.path.placementId
        let what = "Placement '\(id)'"
        guard let row = try await reads.placement(id) else { throw Problem.notFound(what) }
        let internships = try await reads.placementInternships(id)
        let involved = [row.sponsorId, row.degreeGrantorId, row.employerId].compactMap { $0 } + internships.map(\.hostId)
        try Access.requireVisible(principal, parties: involved.compactMap { try? PartyID(parsing: $0) }, what: what)
        var placement = try row.resource()
        placement.internships = internships.map {
            .init(number: $0.number, host: $0.hostId, agreement: $0.agreementId, period: .init(from: $0.periodFrom, to: $0.periodTo), endedOn: $0.endedOn)
        }
        placement.stipends = try await reads.placementStipends(id).map {
            .init(
                reference: $0.reference, commitment: $0.commitmentId, amount: try .placementMoney($0.amount, currency: $0.currency),
                forPeriod: .init(from: $0.periodFrom, to: $0.periodTo), paidOn: $0.paidOn)
        }
        return .ok(.init(headers: .init(eTag: "\"\(row.streamVersion)\""), body: .json(placement)))
    }
}

extension PlacementRow {
    func resource() throws -> Components.Schemas.Placement {
        var stipend: Components.Schemas.Stipend?
        var paid: Components.Schemas.Money?
        if let currency = stipendCurrency, let monthly = stipendMonthly, let commitment = stipendCommitmentId {
            stipend = .init(monthly: try .placementMoney(monthly, currency: currency), commitment: commitment)
            paid = try .placementMoney(stipendsPaid ?? 0, currency: currency)
        }
        return .init(
            placement: placementId, kind: kind == "postdoc" ? .postdoc : .studentship, lab: labId, agreement: agreementId,
            person: personId, personalData: people.map { .init(name: $0.name, email: $0.email, phone: $0.phone) },
            orcid: people?.orcid, degreeGrantor: degreeGrantorId, sponsor: sponsorId, employer: employerId,
            period: .init(from: periodFrom, to: periodTo), startedOn: startedOn,
            status: .init(rawValue: status) ?? .active, degree: degree, degreeConferredOn: degreeConferredOn, endedOn: endedOn,
            endReason: endReason.flatMap { .init(rawValue: $0) }, stipend: stipend, stipendsPaid: paid,
            stipendPayments: stipendPaymentCount, lastStipendPaidOn: lastStipendPaidOn, version: streamVersion)
    }
}

extension Components.Schemas.Money {
    /// Minor units of a read-model row as the spec's decimal text.
    static func placementMoney(_ minorUnits: Int64, currency: String) throws -> Self {
        let money = Money(minorUnits: minorUnits, currency: try CurrencyCode(parsing: currency))
        return .init(currency: money.currency.rawValue, amount: money.decimalString)
    }
}
