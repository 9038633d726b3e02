import Foundation
import HTTPTypes
@testable import LabLedgerAPI
import Testing

/// Every operation that takes a body, through the server on an empty ledger: its documented
/// example is never refused for its form (a 404 or a 422 for the missing streams is the
/// ledger speaking), and a body with an unknown field or three errors is a 400 naming each,
/// with nothing written.
@Suite struct RequestContractHTTPTests {
    @Test func everyOperationAcceptsTheFormOfItsExampleAndNamesEveryBadFieldOfABrokenOne() async throws {
        try await APITestApp.run("contract_bodies", workers: false) { app in
            let admin = try await app.admin()
            let schemas = try RequestContract.schemas()
            for (id, operation, body) in try RequestContract.examples() {
                let method = HTTPRequest.Method(operation.method) ?? .post
                let path = RequestContract.path(operation.path)
                let plain = try await app.send(method, path, key: admin, body: try RequestContract.text(.object(body)))
                #expect(plain.status != .badRequest, "\(id): its own example is a 400: \(plain.text)")
                // The example may have written (a party on an empty ledger); the broken bodies may not.
                let written = try await app.database.count()

                var extended = body
                extended[RequestContract.unknownField] = .bool(true)
                let unknown = try await app.send(method, path, key: admin, body: try RequestContract.text(.object(extended)))
                #expect(unknown.status == .badRequest, "\(id): \(unknown.text)")
                #expect(unknown.pointers.contains("/\(RequestContract.unknownField)"), "\(id): \(unknown.text)")

                guard let (broken, expected) = RequestContract.threeErrors(extended, required: RequestContract.required(operation, schemas)) else {
                    #expect(try await app.database.count() == written, "\(id) wrote a body it refused")
                    continue
                }
                let three = try await app.send(method, path, key: admin, body: try RequestContract.text(.object(broken)))
                #expect(three.status == .badRequest, "\(id): \(three.text)")
                #expect(Set(three.pointers).isSuperset(of: expected), "\(id): \(three.text)")
                #expect(try await app.database.count() == written, "\(id) wrote a body it refused")
            }
        }
    }

    @Test(arguments: ["*/*", "application/*", "json please"])
    func aBodyTheServerWouldReadAsJSONIsCheckedWhateverItsContentTypeSays(contentType: String) async throws {
        try await APITestApp.run("contract_ctype", workers: false) { app in
            let response = try await app.send(.post, "/v1/parties", key: try await app.admin(), body: """
                {"party": "acme", "name": "Acme", "kind": "company", "country": "CN", "nonProfit": true}
                """, headers: [.contentType: contentType])
            #expect(response.status == .badRequest, "\(response.text)")
            #expect(response.pointers == ["/nonProfit"], "\(response.text)")
            #expect(try await app.database.count() == 0)
        }
    }

    @Test func aBadEnumNoLongerHidesTheOtherFields() async throws {
        try await APITestApp.run("contract_enum", workers: false) { app in
            let response = try await app.post("/v1/parties", key: try await app.admin(), json: """
                {"party": "Not A Slug", "name": "X", "kind": "charity", "nonProfit": true}
                """)
            #expect(response.status == .badRequest)
            #expect(Set(response.pointers) == ["/party", "/kind", "/country", "/nonProfit"], "\(response.text)")
            let kind = (response.json["errors"] as? [[String: Any]])?.first { $0["pointer"] as? String == "/kind" }
            #expect((kind?["detail"] as? String)?.contains("university, company, public_body, fund, startup") == true)
            #expect(try await app.database.count() == 0)
        }
    }
}
