import LabLedgerContract
import LabLedgerDomain

extension APIHandler {
    func listDeadlines(_ input: Operations.ListDeadlines.Input) async throws -> Operations.ListDeadlines.Output {
        let principal = try Access.reader()
        var fields = Fields()
        let party = fields.optional("#query/party", input.query.party) { try PartyID(parsing: $0) }
        let lab = fields.optional("#query/lab", input.query.lab) { try LabID(parsing: $0) }
        let from = fields.optional("#query/from", input.query.from) { try LocalDate(parsing: $0) }
        guard fields.ok else { throw fields.failure }
        let limit = try PageSize.parse(input.query.limit)
        let cursor = try Cursor.parse(input.query.after, keys: 3)
        _ = try cursor?.date(at: 0)
        if let own = principal.party, let party, party != own { throw Problem.notFound("Deadlines of party '\(party)'") }
        return try await self.reads.atPosition(["deadlines"]) { reads in
            let page = try await reads.deadlines(
                party: (principal.party ?? party)?.rawValue, lab: lab?.rawValue, from: from.map(\.rawValue), after: cursor, limit: limit)
            return .ok(.init(body: .json(.init(items: page.items, next: page.next?.token))))
        }
    }
}
