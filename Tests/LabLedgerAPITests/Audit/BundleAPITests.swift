import Foundation
import HTTPTypes
import LabLedgerAPI
import LabLedgerAudit
import Testing
import TransparencyLog

/// GET /v1/audit/bundle: the bundle it streams verifies offline with the published key, the
/// party filter follows the read models, and bad input is a precise 400 naming the parameter.
@Suite struct BundleAPITests {
    static func publishedKey(_ app: APITestApp) async throws -> String {
        try await app.get("/v1/audit/public-key", key: nil).text.trimmingCharacters(in: .newlines)
    }

    static func write(_ body: Data) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("api-bundle-\(UUID().uuidString).ndjson").path
        try body.write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func theStreamedBundleVerifiesAndThePartyFilterKeepsThePartysStreams() async throws {
        try await APITestApp.run("audit_bundle", log: true) { app in
            let admin = try await app.admin()
            var last: String?
            for slug in ["acme", "beta", "gamma"] {
                let answer = try await app.post("/v1/parties", key: admin, json: AuditAPITests.party(slug))
                #expect(answer.status == .created, "\(answer.text)")
                last = answer.position
            }
            try await app.waitForReadModels(try #require(last))
            _ = try await AuditAPITests.checkpoint(app, covering: 3, key: admin)
            let auditor = try await app.key(.auditor)
            let key = try await Self.publishedKey(app)

            let all = try await app.get("/v1/audit/bundle?from=2000-01-01&to=2100-01-01", key: auditor)
            #expect(all.status == .ok, "\(all.text)")
            #expect(all.headers[.contentType]?.hasPrefix("application/x-ndjson") == true)
            let verdict = try BundleVerifier(outsideKey: key).verify(path: try Self.write(all.body))
            #expect(verdict.ok, "\(verdict)")
            #expect(verdict.eventsChecked == 3)

            let acme = try await app.get("/v1/audit/bundle?from=2000-01-01&to=2100-01-01&party=acme&axis=recorded", key: auditor)
            #expect(acme.status == .ok, "\(acme.text)")
            let acmeVerdict = try BundleVerifier(outsideKey: key).verify(path: try Self.write(acme.body))
            #expect(acmeVerdict.ok, "\(acmeVerdict)")
            #expect(acmeVerdict.eventsChecked == 1)
            #expect(acmeVerdict.manifest?.streams == ["party-acme"])
            #expect(acmeVerdict.manifest?.axis == "recorded")

            let company = try await app.key(.company, party: "acme")
            #expect(try await app.get("/v1/audit/bundle?from=2000-01-01&to=2100-01-01", key: company).status == .forbidden)
        }
    }

    @Test func badInputIsA400NamingTheParameter() async throws {
        try await APITestApp.run("audit_bundle_bad", log: true) { app in
            let admin = try await Self.history(app)
            let cases: [(String, String, String)] = [
                ("from=2025-02-01&to=2025-01-01", "#query/to", "empty-period"),
                ("from=2025-01-01&to=2025-01-01", "#query/to", "empty-period"),
                ("from=yesterday&to=2025-01-01", "#query/from", "invalid-timestamp"),
                ("from=2025-01-01&to=2025-01-01T00:00:00", "#query/to", "invalid-timestamp"),
                ("from=2025-01-01&to=2025-02-30", "#query/to", "invalid-timestamp"),
                ("from=2025-01-01&to=2025-02-01&axis=written", "#query/axis", "invalid-axis"),
                ("from=2025-01-01&to=2025-02-01&party=nobody", "#query/party", "unknown-party"),
            ]
            for (query, pointer, code) in cases {
                let answer = try await app.get("/v1/audit/bundle?\(query)", key: admin)
                #expect(answer.status == .badRequest, "\(query): \(answer.text)")
                #expect(answer.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                #expect(answer.pointers == [pointer], "\(query): \(answer.text)")
                let errors = answer.json["errors"] as? [[String: Any]] ?? []
                #expect(errors.first?["code"] as? String == code, "\(query): \(answer.text)")
            }
            let missing = try await app.get("/v1/audit/bundle?to=2025-01-01", key: admin)
            #expect(missing.status == .badRequest, "\(missing.text)")
        }
    }

    static func history(_ app: APITestApp) async throws -> String {
        let admin = try await app.admin()
        let answer = try await app.post("/v1/parties", key: admin, json: AuditAPITests.party("solo"))
        #expect(answer.status == .created, "\(answer.text)")
        _ = try await AuditAPITests.checkpoint(app, covering: 1, key: admin)
        return admin
    }
}
