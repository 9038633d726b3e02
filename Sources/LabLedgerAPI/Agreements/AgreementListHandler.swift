import LabLedgerContract
import LabLedgerDomain

extension APIHandler {
    func listLabAgreements(_ input: Operations.ListLabAgreements.Input) async throws -> Operations.ListLabAgreements.Output {
        let principal = try Access.reader()
        let cursor = try Cursor.parse(input.query.after, keys: 2)
        let limit = try PageSize.parse(input.query.limit)
        let after = try cursor.map { (draftedOn: try $0.date(at: 0), agreement: $0.keys[1]) }
        return try await self.reads.atPosition(ReadModelQueries.agreementProjections) { reads in
            // Each listed agreement read with the single-agreement read's columns, so it is
            // exactly what GET /v1/agreements/{id} answers: one query per page, whatever its size.
            let found = try await reads.labAgreements(lab: input.path.labId, visibleTo: principal.party?.rawValue, after: after, limit: limit + 1)
            let items = Array(found.prefix(limit))
            let next = found.count > limit ? items.last.map { Cursor([$0.draftedOn, $0.agreement]).token } : nil
            return .ok(.init(body: .json(.init(items: items, next: next))))
        }
    }
}
