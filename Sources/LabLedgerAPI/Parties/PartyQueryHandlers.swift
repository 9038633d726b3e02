import LabLedgerContract
import LabLedgerDomain

extension APIHandler {
    func getParty(_ input: Operations.GetParty.Input) async throws -> Operations.GetParty.Output {
        _ = try Access.reader()
        var fields = Fields()
        let party = fields.value("#path/partyId") { try PartyID(parsing: input.path.partyId) }
        guard fields.ok, let party else { throw fields.failure }
        return try await self.reads.atPosition(["directory"]) { reads in
            guard let view = try await reads.party(party) else { throw Problem.notFound("Party '\(party)'") }
            return .ok(.init(headers: .init(eTag: "\"\(view.version)\""), body: .json(view)))
        }
    }
}
