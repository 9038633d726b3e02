import LabLedgerContract
import LabLedgerDomain
import LabLedgerReadModels

extension APIHandler {
    func listLabPlacements(_ input: Operations.ListLabPlacements.Input) async throws -> Operations.ListLabPlacements.Output {
        let principal = try Access.reader()
        return try await self.reads.atPosition(["placements"]) { reads in
            let cursor = try Cursor.parse(input.query.after, keys: 1)
            let limit = try PageSize.parse(input.query.limit)
            let rows = try await reads.placements(
                lab: input.path.labId, party: principal.party, after: cursor?.keys[0], limit: limit + 1)
            let page = Array(rows.prefix(limit))
            let next = rows.count > limit ? page.last.map { Cursor([$0.placement.placement_id]).token } : nil
            try await reads.recordShown(page.compactMap { $0.person == nil ? nil : $0.placement.person_id })
            return .ok(.init(body: .json(.init(items: try page.map { try $0.resource() }, next: next))))
        }
    }

    func getPlacement(_ input: Operations.GetPlacement.Input) async throws -> Operations.GetPlacement.Output {
        let principal = try Access.reader()
        return try await self.reads.atPosition(["placements"]) { reads in
            let id = input.path.placementId
            let what = "Placement '\(id)'"
            guard let found = try await reads.placement(id) else { throw Problem.notFound(what) }
            let row = found.placement
            let internships = try await reads.placementInternships(id)
            let involved = [row.sponsor_id, row.degree_grantor_id, row.employer_id].compactMap { $0 } + internships.map(\.host_id)
            try Access.requireVisible(principal, parties: involved.compactMap { try? PartyID(parsing: $0) }, what: what)
            var placement = try found.resource()
            placement.internships = internships.map {
                .init(number: $0.number, host: $0.host_id, agreement: $0.agreement_id, period: .init(from: $0.period_from, to: $0.period_to), endedOn: $0.ended_on)
            }
            placement.stipends = try await reads.placementStipends(id).map {
                .init(
                    reference: $0.reference, commitment: $0.commitment_id, amount: try .placementMoney($0.amount, currency: $0.currency),
                    forPeriod: .init(from: $0.period_from, to: $0.period_to), paidOn: $0.paid_on)
            }
            try await reads.recordShown(found.person == nil ? [] : [row.person_id])
            return .ok(.init(headers: .init(eTag: "\"\(row.stream_version)\""), body: .json(placement)))
        }
    }
}

extension PlacementWithPerson {
    func resource() throws -> Components.Schemas.Placement {
        let p = placement
        var stipend: Components.Schemas.Stipend?
        var paid: Components.Schemas.Money?
        if let currency = p.stipend_currency, let monthly = p.stipend_monthly, let commitment = p.stipend_commitment_id {
            stipend = .init(monthly: try .placementMoney(monthly, currency: currency), commitment: commitment)
            paid = try .placementMoney(p.stipends_paid ?? 0, currency: currency)
        }
        return .init(
            placement: p.placement_id, kind: p.kind == "postdoc" ? .postdoc : .studentship, lab: p.lab_id, agreement: p.agreement_id,
            person: p.person_id, personalData: person.map { .init(name: $0.name, email: $0.email, phone: $0.phone) },
            orcid: person?.orcid, degreeGrantor: p.degree_grantor_id, sponsor: p.sponsor_id, employer: p.employer_id,
            period: .init(from: p.period_from, to: p.period_to), startedOn: p.started_on,
            status: .init(rawValue: p.status) ?? .active, degree: p.degree, degreeConferredOn: p.degree_conferred_on, endedOn: p.ended_on,
            endReason: p.end_reason.flatMap { .init(rawValue: $0) }, stipend: stipend, stipendsPaid: paid,
            stipendPayments: p.stipend_payment_count, lastStipendPaidOn: p.last_stipend_paid_on, version: p.stream_version)
    }
}

extension Components.Schemas.Money {
    /// Minor units of a read-model row as the spec's decimal text.
    static func placementMoney(_ minorUnits: Int64, currency: String) throws -> Self {
        let money = Money(minorUnits: minorUnits, currency: try CurrencyCode(parsing: currency))
        return .init(currency: money.currency.rawValue, amount: money.decimalString)
    }
}
