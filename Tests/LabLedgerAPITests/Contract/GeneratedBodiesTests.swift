import Foundation
import HTTPTypes
@testable import LabLedgerAPI
import Testing

/// A body that validates against `openapi.yaml` may be refused only by the ledger (a 404 for a
/// stream an empty ledger lacks, a 409 or a 422 for a domain rule), never with a 400 for a
/// format rule the document does not state. The bodies are generated from each operation's
/// schema alone, with the fewest and with the most properties it allows.
@Suite struct GeneratedBodiesTests {
    @Test(arguments: SchemaInstances.Variant.allCases)
    func aBodyBuiltFromTheSchemaAloneIsNeverRefusedForItsForm(variant: SchemaInstances.Variant) async throws {
        let schemas = try RequestContract.schemas()
        // With the person vault, as `serve` runs: without it erasure is a documented 503.
        try await APITestApp.run("contract_generated_\(variant.rawValue)", workers: false, personKEK: true) { app in
            let admin = try await app.admin()
            for (id, operation) in schemas.operations.sorted(by: { $0.key < $1.key }) {
                var generator = SchemaInstances(check: schemas.check, variant: variant)
                let body = try generator.instance(of: operation.schema, at: id)
                // The generator's own check: the contract's validator finds nothing in the body.
                let text = try RequestContract.text(body)
                let found = schemas.problems(operation: id, body: body)
                #expect(found.isEmpty, "\(id): the generated body breaks its own schema: \(found.map(\.pointer)) in \(text)")
                let method = HTTPRequest.Method(operation.method) ?? .post
                let response = try await app.send(method, RequestContract.path(operation.path), key: admin, body: text)
                // Written, or refused by the ledger: a stream an empty ledger lacks, a conflict, a rule.
                #expect([200, 201, 202, 404, 409, 422].contains(response.status.code), "\(id) (\(variant)): \(text) → \(response.text)")
            }
        }
    }
}
