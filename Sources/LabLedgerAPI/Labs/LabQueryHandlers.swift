import LabLedgerContract
import LabLedgerDomain

extension APIHandler {
    func getLab(_ input: Operations.GetLab.Input) async throws -> Operations.GetLab.Output {
        let principal = try Access.reader()
        var fields = Fields()
        let lab = fields.value("#path/labId") { try LabID(parsing: input.path.labId) }
        guard fields.ok, let lab else { throw fields.failure }
        return try await self.reads.atPosition(["directory"]) { reads in
            guard let view = try await reads.lab(lab, visibleTo: principal.party?.rawValue) else { throw Problem.notFound("Lab '\(lab)'") }
            return .ok(.init(headers: .init(eTag: "\"\(view.version)\""), body: .json(view)))
        }
    }
}
