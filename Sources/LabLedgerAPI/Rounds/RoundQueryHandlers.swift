import LabLedgerContract
import LabLedgerDomain
import LabLedgerReadModels

extension APIHandler {
    func listLabRounds(_ input: Operations.ListLabRounds.Input) async throws -> Operations.ListLabRounds.Output {
        let principal = try Access.reader()
        return try await self.reads.atPosition(principal.party == nil ? ["rounds"] : ["rounds", "directory"]) { reads in
            let cursor = try Cursor.parse(input.query.after, keys: 2)
            let limit = try PageSize.parse(input.query.limit)
            let after = try cursor.map { (number: try $0.integer(at: 0), round: $0.keys[1]) }
            let rows = try await reads.rounds(lab: input.path.labId, party: principal.party, after: after, limit: limit + 1)
            let page = Array(rows.prefix(limit))
            let next = rows.count > limit ? page.last.map { Cursor([String($0.number), $0.round_id]).token } : nil
            return .ok(.init(body: .json(.init(items: page.map(\.resource), next: next))))
        }
    }

    func getRound(_ input: Operations.GetRound.Input) async throws -> Operations.GetRound.Output {
        let principal = try Access.reader()
        return try await self.reads.atPosition(principal.party == nil ? ["rounds"] : ["rounds", "directory"]) { reads in
            let id = input.path.roundId
            let what = "Round '\(id)'"
            guard let row = try await reads.round(id) else { throw Problem.notFound(what) }
            var startups = try await reads.roundStartups(id)
            // A party outside the round's lab reads it only as a startup that applied, and then sees
            // its own application, decision, benefits and mentors: never another applicant's.
            var applicant: String?
            if let party = principal.party, !(try await reads.isCurrentMember(party, lab: row.lab_id)) {
                guard startups.contains(where: { $0.startup_id == party.rawValue }) else { throw Problem.notFound(what) }
                applicant = party.rawValue
                startups = startups.filter { $0.startup_id == party.rawValue }
            }
            let shownStartup = applicant
            let isShown = { (startup: String) in shownStartup == nil || startup == shownStartup }
            var round = row.resource
            round.startups = startups.map {
                .init(
                    startup: $0.startup_id, status: .init(rawValue: $0.status) ?? .applied, appliedOn: $0.applied_on,
                    admittedOn: $0.admitted_on, rejectedOn: $0.rejected_on, rejectionReason: $0.rejection_reason, graduatedOn: $0.graduated_on)
            }
            round.benefits = try await reads.roundBenefits(id).filter { isShown($0.startup_id) }.map { try $0.resource() }
            let mentors = try await reads.roundMentors(id).filter { isShown($0.mentor.startup_id) }
            try await reads.recordShown(mentors.compactMap { $0.person == nil ? nil : $0.mentor.mentor_id })
            round.mentors = mentors.map {
                .init(
                    startup: $0.mentor.startup_id, mentor: $0.mentor.mentor_id, assignedOn: $0.mentor.assigned_on,
                    advisoryBoardMember: $0.mentor.advisory_board_member ?? false,
                    personalData: $0.person.map { .init(name: $0.name, email: $0.email, phone: $0.phone) })
            }
            return .ok(.init(headers: .init(eTag: "\"\(row.stream_version)\""), body: .json(round)))
        }
    }
}

extension RoundRow {
    var resource: Components.Schemas.Round {
        .init(
            round: round_id, lab: lab_id, number: number, capacity: capacity, applicationWindow: .init(from: window_from, to: window_to),
            programmeMonths: programme_months, programme: programme_from.map { .init(from: $0, to: programme_to) }, openedOn: opened_on,
            status: status == "graduated" ? .graduated : .running, graduatedOn: graduated_on,
            counts: .init(applied: applied_count, pending: pending_count, admitted: admitted_count, rejected: rejected_count, graduated: graduated_count),
            version: stream_version)
    }
}

extension RoundBenefitRow {
    func resource() throws -> Components.Schemas.RoundBenefit {
        // The same columns and the same flat `Amount` as funding rows, whichever shape granted it.
        let quantity = try FundingDenomination(currency: currency, unit: unit).amount(self.quantity)
        return .init(
            reference: reference, startup: startup_id, kind: .init(rawValue: kind) ?? .technology, quantity: quantity,
            provider: provider_id, commitment: commitment_id, grantedOn: granted_on, description: description)
    }
}
