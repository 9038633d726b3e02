import LabLedgerContract

extension APIHandler {
    func listLabs(_ input: Operations.ListLabs.Input) async throws -> Operations.ListLabs.Output {
        let principal = try Access.reader()
        let cursor = try Cursor.parse(input.query.after, keys: 1)
        let limit = try PageSize.parse(input.query.limit)
        return try await self.reads.atPosition(["directory"]) { reads in
            let rows = try await reads.labs(visibleTo: principal.party?.rawValue, after: cursor?.keys[0], limit: limit + 1)
            let page = Array(rows.prefix(limit))
            let next = rows.count > limit ? page.last.map { Cursor([$0.lab]).token } : nil
            return .ok(.init(body: .json(.init(items: page, next: next))))
        }
    }
}
