import Foundation
import HTTPTypes
import LabLedgerAPI
import LabLedgerDomain
import TestSupport
import Testing

/// The API's shared behaviour, on party and lab commands: authentication, problem+json for every
/// kind of bad input (nothing written), idempotency keys, If-Match, and the history endpoints.
@Suite struct CoreAPITests {
    static let cuhk = #"{"party":"cuhk-shenzhen","name":"The Chinese University of Hong Kong, Shenzhen","kind":"university","country":"CN"}"#

    @Test func probesAndContractNeedNoKey() async throws {
        try await APITestApp.run("probes", workers: false) { app in
            #expect(try await app.get("/health", key: nil).json["status"] as? String == "up")
            let ready = try await app.get("/ready", key: nil)
            #expect(ready.status == .ok, "\(ready.text)")
            #expect(try await app.get("/openapi.yaml", key: nil).text.hasPrefix("openapi: 3.1.0"))
            let metrics = try await app.get("/metrics", key: nil)
            #expect(metrics.text.contains("labledger_watermark_age_seconds"))
            #expect(metrics.text.contains("labledger_database_up_bool 1") || metrics.text.contains("labledger_database_up"))
        }
    }

    @Test func aMigrationMissingBelowTheHighestAppliedOneMakesTheServiceNotReady() async throws {
        try await APITestApp.run("probes_gap", workers: false) { app in
            #expect(try await app.get("/ready", key: nil).status == .ok)
            // As if a migration merged out of number order had never run on this database.
            try await app.database.withConnection(as: app.database.provisioned.superuser) {
                try await $0.query("DELETE FROM schema_migrations WHERE version = 32", logger: TestCluster.logger)
            }
            let ready = try await app.get("/ready", key: nil)
            #expect(ready.status == .serviceUnavailable, "\(ready.text)")
            #expect(ready.text.contains("not applied: 32"), "\(ready.text)")
        }
    }

    @Test func requestsWithoutAValidKeyAreUnauthorizedProblems() async throws {
        try await APITestApp.run("auth", workers: false) { app in
            let missing = try await app.post("/v1/parties", key: nil, json: Self.cuhk)
            #expect(missing.status == .unauthorized)
            #expect(missing.code == "unauthenticated")
            #expect(missing.headers[.contentType] == "application/problem+json")
            #expect(missing.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            #expect(try await app.post("/v1/parties", key: "llk_nope_nope", json: Self.cuhk).code == "invalid-key")
            #expect(try await app.post("/v1/parties", key: "not-even-our-shape", json: Self.cuhk).status == .unauthorized)
            let key = try await app.admin()
            let id = String(key.dropFirst(4).prefix { $0 != "_" })
            #expect(try await app.keys.revoke(keyID: id))
            try await Task.sleep(for: .milliseconds(5))
            #expect(try await app.post("/v1/parties", key: key, json: Self.cuhk).code == "invalid-key")
            #expect(try await app.database.count() == 0)
        }
    }

    @Test func anOperatorCannotMakeAPartyKeyForAPartyTheLedgerHasNotRegistered() async throws {
        try await APITestApp.run("keys_party", workers: false) { app in
            let unknown = try PartyID(parsing: "cuhk-shenzen")
            await #expect(throws: PartyNotRegistered(party: unknown)) {
                try await app.keys.createForRegisteredParty(role: .university, party: unknown, label: "typo", store: app.store)
            }
            #expect(try await app.keys.list().isEmpty)
            #expect(try await app.post("/v1/parties", key: try await app.admin(), json: Self.cuhk).status == .created)
            let made = try await app.keys.createForRegisteredParty(
                role: .university, party: try PartyID(parsing: "cuhk-shenzhen"), label: "registered", store: app.store)
            #expect(made.principal.party?.rawValue == "cuhk-shenzhen")
            #expect(try await app.get("/v1/ip-assets", key: made.key.text).status == .ok)
        }
    }

    @Test func aCommandAnswersCreatedWithVersionPositionAndActor() async throws {
        try await APITestApp.run("created", workers: false) { app in
            let key = try await app.key(.operator)
            let response = try await app.post("/v1/parties", key: key, json: Self.cuhk)
            #expect(response.status == .created, "\(response.text)")
            #expect(response.etag == "\"1\"")
            #expect(response.headers[.location] == "/v1/parties/cuhk-shenzhen")
            #expect(response.json["stream"] as? String == "party-cuhk-shenzhen")
            #expect(response.json["version"] as? Int == 1)
            #expect(response.position != nil && response.position == response.json["position"] as? String)
            #expect(response.headers[HTTPField.Name("X-Request-Id")!] != nil)
            let events = try await app.get("/v1/streams/party-cuhk-shenzhen/events", key: try await app.key(.auditor))
            let first = try #require(events.json["items"] as? [[String: Any]]).first
            let metadata = try #require(first?["metadata"] as? [String: Any])
            #expect((metadata["actor"] as? String)?.hasPrefix("operator:") == true)
            #expect(events.etag == "\"1\"")
        }
    }

    @Test func everyInvalidFieldIsListedAndNothingIsWritten() async throws {
        try await APITestApp.run("invalid", workers: false) { app in
            let key = try await app.admin()
            let response = try await app.post(
                "/v1/parties", key: key,
                json: #"{"party":"Not A Slug!","name":"X","kind":"company","country":"China","ror":"https://ror.org/abc"}"#)
            #expect(response.status == .badRequest)
            #expect(response.code == "invalid-request")
            #expect(Set(response.pointers) == ["/party", "/country", "/ror"])
            #expect(try await app.database.count() == 0)
        }
    }

    @Test func malformedJSONWrongTypesUnknownEnumsAndMissingFieldsAreBadRequests() async throws {
        try await APITestApp.run("malformed", workers: false) { app in
            let key = try await app.admin()
            let malformed = try await app.post("/v1/parties", key: key, json: #"{"party": "x", "#)
            #expect(malformed.status == .badRequest, "\(malformed.text)")
            let wrongType = try await app.post("/v1/parties", key: key, json: #"{"party":"acme","name":5,"kind":"company","country":"CN"}"#)
            #expect(wrongType.status == .badRequest)
            #expect(wrongType.pointers == ["/name"], "\(wrongType.text)")
            let unknownEnum = try await app.post("/v1/parties", key: key, json: #"{"party":"acme","name":"X","kind":"bank","country":"CN"}"#)
            #expect(unknownEnum.status == .badRequest)
            #expect(unknownEnum.pointers == ["/kind"], "\(unknownEnum.text)")
            let missing = try await app.post("/v1/parties", key: key, json: #"{"party":"acme","kind":"company","country":"CN"}"#)
            #expect(missing.status == .badRequest)
            #expect(missing.pointers == ["/name"], "\(missing.text)")
            let notJSON = try await app.post(
                "/v1/parties", key: key, json: "party=x", headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(notJSON.status.code / 100 == 4, "\(notJSON.text)")
            #expect(notJSON.headers[.contentType] == "application/problem+json")
            #expect(try await app.database.count() == 0)
        }
    }

    @Test func aBodyOverTheLimitIsRefusedWith413() async throws {
        var options = APIOptions()
        options.maxBodyBytes = 4_096
        try await APITestApp.run("huge", workers: false, options: options) { app in
            let name = String(repeating: "x", count: 10_000)
            let response = try await app.post(
                "/v1/parties", key: try await app.admin(), json: #"{"party":"x","name":"\#(name)","kind":"company","country":"CN"}"#)
            #expect(response.status == .contentTooLarge)
            #expect(response.code == "body-too-large")
            #expect(try await app.database.count() == 0)
        }
    }

    @Test func aDomainRefusalCarriesTheRuleCode() async throws {
        try await APITestApp.run("refusal", workers: false) { app in
            let key = try await app.admin()
            try await app.post("/v1/parties", key: key, json: Self.cuhk)
            let again = try await app.post("/v1/parties", key: key, json: Self.cuhk)
            #expect(again.status == .unprocessableContent)
            #expect(again.code?.hasPrefix("party.") == true, "\(again.text)")
            #expect((again.json["type"] as? String)?.hasSuffix(again.code ?? "-") == true)
            let lab = try await app.post(
                "/v1/labs", key: key,
                json: #"{"lab":"mi-lab","name":"MI Lab","founders":[{"party":"cuhk-shenzhen","role":"university"},{"party":"tencent","role":"industry_partner"}],"foundedOn":"2018-06-12"}"#)
            #expect(lab.status == .unprocessableContent)
            #expect(lab.code?.hasPrefix("lab.") == true, "\(lab.text)")
            #expect(try await app.database.count() == 1)
        }
    }

    @Test func anIdempotencyKeyReplaysTheFirstAnswerAndRefusesAnotherBody() async throws {
        try await APITestApp.run("idempotency", workers: false) { app in
            let key = try await app.admin()
            let headers: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "register-cuhk"]
            let first = try await app.post("/v1/parties", key: key, json: Self.cuhk, headers: headers)
            let retry = try await app.post("/v1/parties", key: key, json: Self.cuhk, headers: headers)
            #expect(first.status == .created)
            #expect(retry.status == .created)
            #expect(retry.json["position"] as? String == first.json["position"] as? String)
            #expect(retry.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let other = try await app.post(
                "/v1/parties", key: key, json: Self.cuhk.replacingOccurrences(of: "cuhk-shenzhen", with: "cuhk"), headers: headers)
            #expect(other.status == .unprocessableContent)
            #expect(other.code == "idempotency-key-reused")
            #expect(try await app.database.count() == 1)
        }
    }

    @Test func concurrentRetriesWithOneIdempotencyKeyWriteOnce() async throws {
        try await APITestApp.run("idempotency_race", workers: false) { app in
            let key = try await app.admin()
            let headers: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "once"]
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let response = try await app.post("/v1/parties", key: key, json: Self.cuhk, headers: headers)
                        return response.status.code
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 201 }, "\(statuses)")
            #expect(try await app.database.count() == 1)
        }
    }

    @Test func ifMatchIsTheExpectedVersion() async throws {
        try await APITestApp.run("if_match", workers: false) { app in
            let key = try await app.admin()
            try await app.post("/v1/parties", key: key, json: Self.cuhk)
            let correction = #"{"name":"CUHK-Shenzhen","kind":"university","country":"CN","reason":"Short name."}"#
            let stale = try await app.post(
                "/v1/parties/cuhk-shenzhen/corrections", key: key, json: correction, headers: [.ifMatch: "\"0\""])
            #expect(stale.status == .preconditionFailed)
            #expect(stale.code == "version-mismatch")
            #expect(stale.etag == "\"1\"")
            let current = try await app.post(
                "/v1/parties/cuhk-shenzhen/corrections", key: key, json: correction, headers: [.ifMatch: "\"1\""])
            #expect(current.status == .ok, "\(current.text)")
            #expect(current.etag == "\"2\"")
            let bad = try await app.post("/v1/parties/cuhk-shenzhen/corrections", key: key, json: correction, headers: [.ifMatch: "soon"])
            #expect(bad.status == .badRequest)
            #expect(bad.pointers == ["#header/If-Match"])
            let missing = try await app.post("/v1/parties/nobody/corrections", key: key, json: correction)
            #expect(missing.status == .notFound)
        }
    }

    @Test func rolesThatMayNotWriteAreForbidden() async throws {
        try await APITestApp.run("roles", workers: false) { app in
            for key in [try await app.key(.auditor), try await app.key(.company, party: "tencent"), try await app.key(.university, party: "cuhk-shenzhen")] {
                let response = try await app.post("/v1/parties", key: key, json: Self.cuhk)
                #expect(response.status == .forbidden)
                #expect(response.code == "forbidden")
            }
            #expect(try await app.database.count() == 0)
        }
    }

    @Test func theHistoryPagesInGapSafeOrderForAuditorsOnly() async throws {
        try await APITestApp.run("history", workers: false) { app in
            let key = try await app.admin()
            for id in ["a-party", "b-party", "c-party"] {
                try await app.post("/v1/parties", key: key, json: #"{"party":"\#(id)","name":"\#(id)","kind":"company","country":"CN"}"#)
            }
            let auditor = try await app.key(.auditor)
            // The gap-safe watermark is cluster-wide: a transaction of a test running beside this
            // one may hold it below our commits for a moment.
            var page1 = try await app.get("/v1/events?limit=2", key: auditor)
            for _ in 0..<100 where (page1.json["items"] as? [Any])?.count != 2 {
                try await Task.sleep(for: .milliseconds(50))
                page1 = try await app.get("/v1/events?limit=2", key: auditor)
            }
            let items1 = try #require(page1.json["items"] as? [[String: Any]])
            #expect(items1.map { $0["stream"] as? String } == ["party-a-party", "party-b-party"])
            let next = try #require(page1.json["next"] as? String)
            var page2 = try await app.get("/v1/events?limit=2&after=\(next)", key: auditor)
            for _ in 0..<100 where (page2.json["items"] as? [Any])?.count != 1 {
                try await Task.sleep(for: .milliseconds(50))
                page2 = try await app.get("/v1/events?limit=2&after=\(next)", key: auditor)
            }
            let items2 = try #require(page2.json["items"] as? [[String: Any]])
            #expect(items2.map { $0["stream"] as? String } == ["party-c-party"])
            #expect(page2.json["next"] == nil)
            let ndjson = try await app.get("/v1/events", key: auditor, headers: [.accept: "application/x-ndjson"])
            let lines = ndjson.text.split(separator: "\n")
            #expect(lines.count == 3)
            #expect(lines.allSatisfy { $0.contains("\"type\":\"PartyRegistered\"") })
            #expect(try await app.get("/v1/events", key: try await app.key(.company, party: "a-party")).status == .forbidden)
            #expect(try await app.get("/v1/events?after=garbage", key: auditor).pointers == ["#query/after"])
            #expect(try await app.get("/v1/streams/party-zzz/events", key: auditor).status == .notFound)
            let huge = try await app.get("/v1/streams/party-a-party/events?after=9223372036854775807", key: auditor)
            #expect(huge.pointers == ["#query/after"])
            #expect(try await app.post("/v1/parties", key: auditor, json: Self.cuhk).status == .forbidden)
        }
    }

    @Test func unknownRoutesAreProblems() async throws {
        try await APITestApp.run("routes", workers: false) { app in
            let response = try await app.get("/v1/nothing-here", key: try await app.admin())
            #expect(response.status == .notFound)
            #expect(response.headers[.contentType] == "application/problem+json")
        }
    }
}
