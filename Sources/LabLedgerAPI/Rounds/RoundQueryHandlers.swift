import LabLedgerContract
import LabLedgerDomain

extension APIHandler {
    func listLabRounds(_ input: Operations.ListLabRounds.Input) async throws -> Operations.ListLabRounds.Output {
        let principal = try Access.reader()
        try await reads.waitForPosition(principal.party == nil ? ["rounds"] : ["rounds", "directory"])
        let cursor = try Cursor.parse(input.query.after, keys: 2)
        let limit = try PageSize.parse(input.query.limit)
        var after: (number: Int, round: String)?
        if let cursor {
            guard let number = Int(cursor.keys[0]) else {
                throw Problem.invalid("#query/after", code: "invalid-cursor", "Not a cursor of this list; pass `next` from the previous page.")
            }
            after = (number, cursor.keys[1])
        }
        let rows = try await reads.rounds(lab: input.path.labId, party: principal.party, after: after, limit: limit + 1)
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit ? page.last.map { Cursor([String($0.number), $0.roundId]).token } : nil
        return .ok(.init(body: .json(.init(items: page.map(\.resource), next: next))))
    }

    func getRound(_ input: Operations.GetRound.Input) async throws -> Operations.GetRound.Output {
        let principal = try Access.reader()
        try await reads.waitForPosition(principal.party == nil ? ["rounds"] : ["rounds", "directory"])
        let id = input.path.roundId
        let what = "Round '\(id)'"
        guard let row = try await reads.round(id) else { throw Problem.notFound(what) }
        if let party = principal.party, !(try await reads.isCurrentMember(party, lab: row.labId)) { throw Problem.notFound(what) }
        var round = row.resource
        round.startups = try await reads.roundStartups(id).map {
            .init(
                startup: $0.startupId, status: .init(rawValue: $0.status) ?? .applied, appliedOn: $0.appliedOn,
                admittedOn: $0.admittedOn, rejectedOn: $0.rejectedOn, rejectionReason: $0.rejectionReason, graduatedOn: $0.graduatedOn)
        }
        round.benefits = try await reads.roundBenefits(id).map { try $0.resource() }
        round.mentors = try await reads.roundMentors(id).map {
            .init(
                startup: $0.startupId, mentor: $0.mentorId, assignedOn: $0.assignedOn,
                personalData: $0.people.map { .init(name: $0.name, email: $0.email, phone: $0.phone) })
        }
        return .ok(.init(headers: .init(eTag: "\"\(row.streamVersion)\""), body: .json(round)))
    }
}

extension RoundRow {
    var resource: Components.Schemas.Round {
        .init(
            round: roundId, lab: labId, number: number, capacity: capacity, applicationWindow: .init(from: windowFrom, to: windowTo),
            programmeMonths: programmeMonths, programme: programmeFrom.map { .init(from: $0, to: programmeTo) }, openedOn: openedOn,
            status: status == "graduated" ? .graduated : .running, graduatedOn: graduatedOn,
            counts: .init(applied: appliedCount, pending: pendingCount, admitted: admittedCount, rejected: rejectedCount, graduated: graduatedCount),
            version: streamVersion)
    }
}

extension RoundBenefitRow {
    func resource() throws -> Components.Schemas.RoundBenefit {
        var quantity = Components.Schemas.RoundBenefitQuantity()
        if let currency {
            quantity.cash = try .placementMoney(self.quantity, currency: currency)
        } else if let unit, let unit = Components.Schemas.RoundBenefitQuantity.InKindPayload.UnitPayload(rawValue: unit) {
            quantity.inKind = .init(unit: unit, quantity: self.quantity)
        }
        return .init(
            reference: reference, startup: startupId, kind: .init(rawValue: kind) ?? .technology, quantity: quantity,
            provider: providerId, commitment: commitmentId, grantedOn: grantedOn)
    }
}
