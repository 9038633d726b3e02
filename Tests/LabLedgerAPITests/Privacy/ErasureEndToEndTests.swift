import EventStore
import Foundation
import HTTPTypes
import LabLedgerAPI
import LabLedgerAudit
import LabLedgerDemo
import LabLedgerPrivacy
import LabLedgerProjections
import PostgresNIO
import Testing
import TestSupport
import TransparencyLog

/// Crypto-shredding on the demo's whole story, served as `labledger serve` serves it: after
/// forgetting the postdoc nothing of theirs is left in a dump of the database, everything else
/// reads as before, and every proof of the history still holds.
@Suite struct ErasureEndToEndTests {
    static let postdoc = (id: "mi-lab-postdoc-2019-001", name: "Dr. Example Postdoc", email: "postdoc@cuhk.example.edu.cn", orcid: "0000-0002-7654-3218")
    static let student = (name: "Example Student", email: "student@link.cuhk.example.edu.cn")

    @Test func forgettingThePostdocLeavesNoTraceInADumpWhileOthersReadAndEveryProofHolds() async throws {
        try await APITestApp.run("erasure_demo", log: true, personKEK: true) { app in
            _ = try await Demo.load(store: app.store, keys: app.keys, options: APIOptions(), logger: TestCluster.logger)
            let before = try await DemoTests.allEvents(app)
            try await app.waitForReadModels(try #require(before.last).checkpoint.description)
            let storedBefore = try await Self.hashes(app)
            let dumpBefore = try await app.database.dump()
            // The read models hold the details in plaintext (the events never do).
            #expect(dumpBefore.contains(Self.postdoc.name))

            let admin = try await app.admin()
            let today = try PersonErasure.today().rawValue
            let erased = try await app.post("/v1/admin/people/\(Self.postdoc.id)/erasure", key: admin, json: #"{"reason": "request #17"}"#)
            #expect(erased.status == .ok, "\(erased.text)")
            #expect(erased.json["erasedOn"] as? String == today && erased.json["alreadyErased"] as? Bool == false)
            let again = try await app.post("/v1/admin/people/\(Self.postdoc.id)/erasure", key: admin, json: #"{"reason": "request #17"}"#)
            #expect(again.status == .ok && again.json["alreadyErased"] as? Bool == true && again.json["erasedOn"] as? String == today)
            let after = try await DemoTests.allEvents(app)
            #expect(after.filter { $0.type == PersonErasure.eventType }.count == 1)
            try await app.waitForReadModels(try #require(after.last).checkpoint.description)

            let dump = try await app.database.dump()
            for secret in [Self.postdoc.name, Self.postdoc.email, Self.postdoc.orcid] { #expect(!dump.contains(secret), "\(secret)") }
            for kept in [Self.student.name, Self.student.email] { #expect(dump.contains(kept), "\(kept)") }
            #expect(try await Self.hashes(app).filter { storedBefore[$0.key] != nil } == storedBefore)

            let placement = try await app.get("/v1/placements/\(Self.postdoc.id)", key: admin)
            #expect(placement.status == .ok, "\(placement.text)")
            #expect(!placement.text.contains(Self.postdoc.name))
            let history = try await app.get("/v1/streams/placement-\(Self.postdoc.id)/events", key: admin)
            #expect(history.status == .ok, "\(history.text)")
            #expect(history.text.contains(#""erased":true"#) && history.text.contains(today))
            #expect(!history.text.contains(Self.postdoc.name))
            let studentHistory = try await app.get("/v1/streams/placement-mi-lab-phd-2018-001/events", key: admin)
            #expect(studentHistory.text.contains(Self.student.name))

            let size = Int(try await Self.sequencedCount(app))
            let (_, checkpoint) = try await AuditAPITests.checkpoint(app, covering: size, key: admin)
            let verifierKey = try await app.get("/v1/audit/public-key", key: nil).text.trimmingCharacters(in: .whitespacesAndNewlines)
            let report = try await LogVerifier(store: app.store, verifierKey: verifierKey, logger: TestCluster.logger).verify()
            #expect(report.firstProblem == nil, "\(String(describing: report.firstProblem))")
            #expect(try await app.store.verifyAll().isIntact)

            let events = try #require(try await app.get("/v1/events?limit=1000", key: admin).json["items"] as? [[String: Any]])
            for event in events.prefix(size) {
                let id = try #require(event["eventId"] as? String)
                let proof = try await app.get("/v1/audit/events/\(id)/inclusion?treeSize=\(checkpoint.size)", key: admin)
                let hashes = (proof.json["hashes"] as? [String] ?? []).compactMap(LogHash.init(base64:))
                let leaf = LogLeaf.hash(
                    eventHash: AuditAPITests.bytes(hex: try #require(event["hash"] as? String)),
                    recordedAtMicroseconds: Int64(try #require(event["recordedAtMicros"] as? Int)))
                #expect(ProofVerifier.verifyInclusion(
                    leafHash: leaf, leafIndex: Int64(try #require(proof.json["leafIndex"] as? Int)), treeSize: checkpoint.size,
                    proof: hashes, root: checkpoint.root))
            }
        }
    }

    /// Appointing the forgotten postdoc again, to the placement that exists: the rule's refusal,
    /// as when the command reads the stream first, not the vault's refusal to seal an erased
    /// person (which the store judges before the version when a creating command guesses its
    /// stream is new).
    @Test func appointingAnErasedPersonToAnExistingPlacementAgainIsTheRulesRefusal() async throws {
        try await APITestApp.run("erasure_reappoint", workers: false, personKEK: true) { app in
            _ = try await Demo.load(store: app.store, keys: app.keys, options: APIOptions(), logger: TestCluster.logger)
            let admin = try await app.admin()
            let erased = try await app.post("/v1/admin/people/\(Self.postdoc.id)/erasure", key: admin, json: #"{"reason": "request #17"}"#)
            #expect(erased.status == .ok, "\(erased.text)")
            let count = try await app.database.count()
            let again = try await app.post("/v1/labs/tencent-cuhksz-mi-lab/postdocs", key: admin, json: #"""
                {"placement": "mi-lab-postdoc-2019-001", "agreement": "tencent-cuhksz-2018", "researcher": "mi-lab-postdoc-2019-001",
                 "orcid": "0000-0002-7654-3218", "employer": "cuhk-shenzhen", "period": {"from": "2019-09-01", "to": "2021-09-01"},
                 "appointedOn": "2019-06-20", "person": {"name": "Dr. Example Postdoc", "email": "postdoc@cuhk.example.edu.cn"}}
                """#)
            #expect(again.status == .unprocessableContent, "\(again.text)")
            #expect(again.code?.hasPrefix("placement.") == true, "\(again.text)")
            #expect(try await app.database.count() == count)
        }
    }

    @Test func erasureAnswersUnknownPeopleBadInputAndOtherRolesWithProblems() async throws {
        try await APITestApp.run("erasure_problems", workers: false, personKEK: true) { app in
            let admin = try await app.admin()
            let unknown = try await app.post("/v1/admin/people/nobody-here/erasure", key: admin, json: #"{"reason": "request #1"}"#)
            #expect(unknown.status == .notFound)
            #expect(unknown.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let bad = try await app.post("/v1/admin/people/NOT%20AN%20ID/erasure", key: admin, json: #"{"reason": "  "}"#)
            #expect(bad.status == .badRequest)
            let pointers = (bad.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["pointer"] as? String }
            #expect(Set(pointers) == ["#path/personId", "/reason"])
            let operatorKey = try await app.key(.operator)
            let refused = try await app.post("/v1/admin/people/nobody-here/erasure", key: operatorKey, json: #"{"reason": "request #1"}"#)
            #expect(refused.status == .forbidden)
            #expect(try await DemoTests.allEvents(app).isEmpty)
        }
    }

    @Test func readsOfAPersonsDetailsAreLoggedPerPersonForAuditors() async throws {
        try await APITestApp.run("erasure_access_log", personKEK: true) { app in
            _ = try await Demo.load(store: app.store, keys: app.keys, options: APIOptions(), logger: TestCluster.logger)
            let events = try await DemoTests.allEvents(app)
            try await app.waitForReadModels(try #require(events.last).checkpoint.description)
            let admin = try await app.admin()
            let auditor = try await app.key(.auditor)
            let logBefore = try await app.get("/v1/admin/people/\(Self.postdoc.id)/access-log", key: auditor)
            #expect(logBefore.status == .ok, "\(logBefore.text)")
            let before = (logBefore.json["items"] as? [[String: Any]] ?? []).count

            let history = try await app.get("/v1/streams/placement-\(Self.postdoc.id)/events", key: admin)
            #expect(history.text.contains(Self.postdoc.name))
            let placement = try await app.get("/v1/placements/\(Self.postdoc.id)", key: admin)
            #expect(placement.text.contains(Self.postdoc.name))
            // Reads that show no one's details are not logged against them: another person's
            // history, and a state, which names people by id only.
            _ = try await app.get("/v1/streams/placement-mi-lab-phd-2018-001/events", key: admin)
            let state = try await app.get("/v1/streams/placement-\(Self.postdoc.id)/state", key: admin)
            #expect(state.status == .ok && !state.text.contains(Self.postdoc.name))

            let log = try await app.get("/v1/admin/people/\(Self.postdoc.id)/access-log", key: auditor)
            let items = Array((log.json["items"] as? [[String: Any]] ?? []).dropFirst(before))
            #expect(items.compactMap { $0["operation"] as? String } == [
                "GET /v1/streams/placement-\(Self.postdoc.id)/events", "GET /v1/placements/\(Self.postdoc.id)",
            ])
            #expect(items.allSatisfy { ($0["actor"] as? String)?.hasPrefix("admin:") == true })
            let denied = try await app.get("/v1/admin/people/\(Self.postdoc.id)/access-log", key: try await app.key(.operator))
            #expect(denied.status == .forbidden)
        }
    }

    @Test func historyStreamedAsNDJSONIsLoggedForThePeopleItShows() async throws {
        try await APITestApp.run("erasure_ndjson_log", personKEK: true) { app in
            _ = try await Demo.load(store: app.store, keys: app.keys, options: APIOptions(), logger: TestCluster.logger)
            // The history shows events below the cluster-wide gap-safe watermark only, which
            // other suites' open transactions can hold back: wait until it shows the demo's last.
            try await app.waitForHistory(try #require(try await DemoTests.allEvents(app).last).checkpoint.description)
            let admin = try await app.admin()
            let auditor = try await app.key(.auditor)
            let logBefore = try await app.get("/v1/admin/people/\(Self.postdoc.id)/access-log", key: auditor)
            let before = (logBefore.json["items"] as? [[String: Any]] ?? []).count

            // The body is pulled after the handler returned, outside the request's scope.
            let history = try await app.get("/v1/events", key: admin, headers: [.accept: "application/x-ndjson"])
            #expect(history.status == .ok)
            #expect(history.headers[.contentType]?.hasPrefix("application/x-ndjson") == true)
            #expect(history.text.contains(Self.postdoc.name))

            let log = try await app.get("/v1/admin/people/\(Self.postdoc.id)/access-log", key: auditor)
            let items = Array((log.json["items"] as? [[String: Any]] ?? []).dropFirst(before))
            #expect(items.compactMap { $0["operation"] as? String }.contains("GET /v1/events"), "\(items)")
            #expect(items.allSatisfy { ($0["actor"] as? String)?.hasPrefix("admin:") == true })
        }
    }

    @Test func aRebuildAfterAForgetGivesTheSameReadModelsAsThePurge() async throws {
        try await APITestApp.run("erasure_rebuild", personKEK: true) { app in
            _ = try await Demo.load(store: app.store, keys: app.keys, options: APIOptions(), logger: TestCluster.logger)
            try await app.waitForReadModels(try #require(try await DemoTests.allEvents(app).last).checkpoint.description)
            let admin = try await app.admin()
            let erased = try await app.post("/v1/admin/people/\(Self.postdoc.id)/erasure", key: admin, json: #"{"reason": "request #18"}"#)
            #expect(erased.status == .ok, "\(erased.text)")
            try await app.waitForReadModels(try #require(try await DemoTests.allEvents(app).last).checkpoint.description)
            let purged = try await Self.personalTables(app)
            #expect(!purged.contains(Self.postdoc.name) && purged.contains(Self.student.name))

            let projections = ["directory", "placements", "rounds"]
            let swapped = try await app.rebuildAndWaitForSwap(projections)
            #expect(swapped == projections.count, "the rebuilds did not swap in within 60 s")
            #expect(try await Self.personalTables(app) == purged)
        }
    }

    /// The people tables and the documents they come from, as sorted text.
    static func personalTables(_ app: APITestApp) async throws -> String {
        try await app.database.withConnection(as: app.database.provisioned.superuser) { connection in
            var text = ""
            for table in ["directory_people", "placement_people", "round_people", "directory_documents", "placements_documents", "rounds_documents"] {
                let rows = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT t::text FROM \(table) t ORDER BY t::text"), logger: TestCluster.logger)
                for try await row in rows.decode(String.self) { text += "\(table) \(row)\n" }
            }
            return text
        }
    }

    static func hashes(_ app: APITestApp) async throws -> [String: Data] {
        try await app.database.withConnection(as: app.database.provisioned.superuser) { connection in
            var found: [String: Data] = [:]
            let rows = try await connection.query("SELECT event_id::text, hash FROM events", logger: TestCluster.logger)
            for try await (id, hash) in rows.decode((String, Data).self) { found[id] = hash }
            return found
        }
    }

    static func sequencedCount(_ app: APITestApp) async throws -> Int64 {
        for _ in 0..<600 {
            let (events, sequenced) = try await app.database.withConnection(as: app.database.provisioned.superuser) { connection in
                let rows = try await connection.query(
                    "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM log_entries)", logger: TestCluster.logger)
                for try await pair in rows.decode((Int64, Int64).self) { return pair }
                return (Int64(0), Int64(-1))
            }
            if events == sequenced { return events }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw APITestError("the log did not sequence every event within 30 s")
    }
}
