import LabLedgerContract
import LabLedgerDomain

/// Committed, disbursed and remaining funding from the `funding` read model.
extension APIHandler {
    func getLabFunding(_ input: Operations.GetLabFunding.Input) async throws -> Operations.GetLabFunding.Output {
        let principal = try Access.reader()
        return try await self.reads.atPosition(ReadModelQueries.fundingProjections) { reads in
            let cursor = try Cursor.parse(input.query.after, keys: 1)
            let limit = try PageSize.parse(input.query.limit)
            let party = principal.party?.rawValue
            // A party key sees a lab's funding only through agreements its party is a party to: for
            // another party's lab and for a lab that does not exist the answer is the same empty
            // page (a 404 for only one of them would tell them apart). Keepers and auditors see
            // every lab, so a missing one is a 404 for them.
            guard let lab = try? LabID(parsing: input.path.labId) else { throw Problem.notFound("Lab '\(input.path.labId)'") }
            if input.query.asOf != nil || input.query.axis != nil {
                if party == nil, !(try await reads.labExists(lab)) { throw Problem.notFound("Lab '\(input.path.labId)'") }
                let point = try await TimeTravel.point(input.query.asOf, axis: input.query.axis, atPointer: "#query/asOf", store: store, log: auditLog)
                let then = try await labFunding(lab, party: party, asOf: point, after: cursor?.keys.first, limit: limit)
                return .ok(.init(body: .json(.init(lab: lab.rawValue, totals: then.totals, items: then.items, next: then.next))))
            }
            let rows = try await reads.labCommitments(lab, party: party, after: cursor?.keys.first, limit: limit + 1)
            // A commitment belongs to an agreement of the lab, so only an empty page must ask
            // whether the lab exists: a query less for the lab page of the console.
            if party == nil, rows.isEmpty, !(try await reads.labExists(lab)) { throw Problem.notFound("Lab '\(input.path.labId)'") }
            let items = Array(rows.prefix(limit))
            let next = rows.count > limit ? items.last.map { Cursor([$0.commitment]).token } : nil
            let totals = try await reads.labFundingTotals(lab, party: party)
            return .ok(.init(body: .json(.init(lab: lab.rawValue, totals: totals, items: items, next: next))))
        }
    }

    func getCommitment(_ input: Operations.GetCommitment.Input) async throws -> Operations.GetCommitment.Output {
        let principal = try Access.reader()
        return try await self.reads.atPosition(ReadModelQueries.fundingProjections) { reads in
            guard let id = try? CommitmentID(parsing: input.path.commitmentId),
                let commitment = try await reads.commitment(id, visibleTo: principal.party?.rawValue)
            else { throw Problem.notFound("Commitment '\(input.path.commitmentId)'") }
            return .ok(.init(headers: .init(eTag: "\"\(commitment.version)\""), body: .json(commitment)))
        }
    }
}
