import LabLedgerContract
import LabLedgerDomain

/// Agreements from the `directory` read model.
extension APIHandler {
    func getAgreement(_ input: Operations.GetAgreement.Input) async throws -> Operations.GetAgreement.Output {
        let principal = try Access.reader()
        return try await self.reads.atPosition(ReadModelQueries.agreementProjections) { reads in
            guard let id = try? AgreementID(parsing: input.path.agreementId),
                let agreement = try await reads.agreement(id, visibleTo: principal.party?.rawValue)
            else { throw Problem.notFound("Agreement '\(input.path.agreementId)'") }
            return .ok(.init(headers: .init(eTag: "\"\(agreement.version)\""), body: .json(agreement)))
        }
    }
}
