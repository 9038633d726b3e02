import LabLedgerContract

extension APIHandler {
    func listLabs(_ input: Operations.ListLabs.Input) async throws -> Operations.ListLabs.Output {
        let principal = try Access.reader()
        let order = try ListOrder<LabSort>(sort: input.query.sort?.rawValue, order: input.query.order?.rawValue)
        let cursor = try ListCursor.parse(input.query.after, for: order)
        let limit = try PageSize.parse(input.query.limit)
        return try await self.reads.atPosition(["directory"]) { reads in
            let rows = try await reads.labs(visibleTo: principal.party?.rawValue, order: order, after: cursor, limit: limit + 1)
            let page = Array(rows.prefix(limit))
            let next = rows.count > limit ? page.last.map { ListCursor(order: order, value: $0.sortValue, id: $0.lab.lab).token } : nil
            return .ok(.init(body: .json(.init(items: page.map(\.lab), next: next))))
        }
    }
}
