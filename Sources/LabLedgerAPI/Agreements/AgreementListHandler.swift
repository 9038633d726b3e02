import LabLedgerContract
import LabLedgerDomain

extension APIHandler {
    func listLabAgreements(_ input: Operations.ListLabAgreements.Input) async throws -> Operations.ListLabAgreements.Output {
        let principal = try Access.reader()
        let cursor = try Cursor.parse(input.query.after, keys: 2)
        let limit = try PageSize.parse(input.query.limit)
        let after = try cursor.map { (draftedOn: try $0.date(at: 0), agreement: $0.keys[1]) }
        return try await self.reads.atPosition(ReadModelQueries.agreementProjections) { reads in
            let party = principal.party?.rawValue
            let keys = try await reads.agreementKeys(lab: input.path.labId, visibleTo: party, after: after, limit: limit + 1)
            let page = Array(keys.prefix(limit))
            // The single-agreement read's queries, so a listed agreement is exactly what
            // GET /v1/agreements/{id} answers: three queries per page, whatever its size.
            let items = try await reads.agreements(page.map(\.agreement.rawValue), visibleTo: party)
            let next = keys.count > limit ? page.last.map { Cursor([$0.draftedOn, $0.agreement.rawValue]).token } : nil
            return .ok(.init(body: .json(.init(items: items, next: next))))
        }
    }
}
