import EventStore
import Foundation
import HTTPTypes
import LabLedgerAPI
import LabLedgerDemo
import PostgresNIO
import Testing
import TestSupport

/// The demo (`labledger serve --demo`): the story of docs/domain.md loaded through the API's
/// handlers, once however often it is loaded, and answering the requests the welcome text
/// suggests.
@Suite struct DemoTests {
    @Test func loadingTheDemoTwiceWritesTheStoryOnce() async throws {
        try await APITestApp.run("demo_twice", workers: false) { app in
            let first = try await Demo.load(store: app.store, keys: app.keys, options: APIOptions(), logger: TestCluster.logger)
            #expect(first.stepsRun > 50)
            #expect(first.stepsReplayed == 0)
            let written = try await Self.allEvents(app)

            let second = try await Demo.load(store: app.store, keys: app.keys, options: APIOptions(), logger: TestCluster.logger)
            #expect(second.stepsRun == 0)
            #expect(second.stepsReplayed == first.stepsRun)
            let after = try await Self.allEvents(app)
            #expect(after.map(\.eventID) == written.map(\.eventID))

            let registrations = after.filter { $0.type == "PartyRegistered" }
            #expect(registrations.count == 10)
            #expect(Set(registrations.map(\.streamID)).count == registrations.count)
            #expect(after.filter { $0.type == "LicenceGranted" }.count == 2)
            #expect(after.filter { $0.type == "StipendPaid" }.count == 3)
        }
    }

    /// A demo step's idempotency key carries a digest of its body, so editing a step of an
    /// earlier version makes `serve --demo` run it again on a database that already has the demo,
    /// where the domain refuses it (a graduated startup, a duplicate reference) and the server
    /// stops. Steps may be added, and are pinned when they are; the keys of `DemoStepKeys.txt` must stay.
    @Test func everyDemoStepOfEarlierVersionsKeepsItsKey() async throws {
        try await APITestApp.run("demo_keys", workers: false) { app in
            _ = try await Demo.load(store: app.store, keys: app.keys, options: APIOptions(), logger: TestCluster.logger)
            var current = Set<String>()
            for try await key in try await app.store.client.query(
                "SELECT idempotency_key FROM api_idempotency WHERE key_id = 'demo'", logger: TestCluster.logger
            ).decode(String.self) { current.insert(key) }
            let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("DemoStepKeys.txt")
            let pinned = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
            #expect(pinned.count > 50)
            let missing = pinned.filter { !current.contains($0) }
            #expect(missing.isEmpty, "demo steps changed since they were pinned: \(missing)\ncurrent keys:\n\(current.sorted().joined(separator: "\n"))")
            // A step added and not pinned could be changed later unnoticed: every step is pinned.
            let unpinned = current.subtracting(pinned).sorted()
            #expect(unpinned.isEmpty, "demo steps not pinned yet; add them to DemoStepKeys.txt:\n\(unpinned.joined(separator: "\n"))")
        }
    }

    @Test func theWelcomeRequestsAnswerWithTheStory() async throws {
        try await APITestApp.run("demo_curls") { app in
            let report = try await Demo.load(store: app.store, keys: app.keys, options: APIOptions(), logger: TestCluster.logger)
            let events = try await Self.allEvents(app)
            try await app.waitForReadModels(try #require(events.last).checkpoint.description)
            func key(_ role: String, _ party: String? = nil) throws -> String {
                try #require(report.keys.first { $0.role == role && $0.party == party }?.key)
            }

            // Where Tencent's shared IP stands.
            let assets = try await app.get("/v1/ip-assets?party=tencent", key: try key("company", "tencent"))
            #expect(assets.status == .ok)
            let items = try #require(assets.json["items"] as? [[String: Any]])
            let asset = try #require(items.first { $0["asset"] as? String == "tencent-cuhksz-nlp-2019" })
            #expect(Set(asset["partyRoles"] as? [String] ?? []) == ["owner", "licensor", "licensee", "option_sponsor"])
            #expect(asset["patentStatus"] as? String == "granted")
            let owners = asset["owners"] as? [[String: Any]] ?? []
            #expect(owners.compactMap { $0["shareBasisPoints"] as? Int }.reduce(0, +) == 10000)
            let licences = asset["licences"] as? [[String: Any]] ?? []
            let exclusive = try #require(licences.first { $0["licence"] as? String == "tencent-cv-cn" })
            #expect(exclusive["licensee"] as? String == "tencent")
            #expect(exclusive["exclusivity"] as? String == "exclusive")
            #expect(exclusive["territories"] as? [String] == ["CN"])
            #expect(licences.contains { $0["licensee"] as? String == "huawei" && $0["exclusivity"] as? String == "non_exclusive" })
            #expect((asset["options"] as? [[String: Any]])?.first?["status"] as? String == "exercised")

            // Could JD be licensed exclusively for computer vision in China in 2026? No: Tencent holds it.
            let availability = "/v1/ip-assets/tencent-cuhksz-nlp-2019/availability?field=computer_vision&territory=CN&on=2026-01-01&exclusive=true"
            let answer = try await app.get(availability + "&licensee=jd", key: try key("operator"))
            #expect(answer.status == .ok)
            #expect(answer.json["available"] as? Bool == false)
            let reason = (answer.json["reasons"] as? [[String: Any]])?.first
            #expect(reason?["code"] as? String == "ipasset.exclusive-slices-overlap")
            #expect(reason?["licence"] as? String == "tencent-cv-cn")
            // JD is no party to the asset, so its own key does not see it: hence the operator's key.
            #expect(try await app.get(availability, key: try key("company", "jd")).status == .notFound)

            // The lab's funding: committed and disbursed, in cash and GPU hours.
            let funding = try await app.get("/v1/labs/tencent-cuhksz-mi-lab/funding", key: try key("university", "cuhk-shenzhen"))
            #expect(funding.status == .ok)
            let totals = funding.json["totals"] as? [[String: Any]] ?? []
            let cny = try #require(totals.first { $0["currency"] as? String == "CNY" })
            #expect((cny["committed"] as? [String: Any])?["amount"] as? String == "3600000.00")
            #expect((cny["disbursed"] as? [String: Any])?["amount"] as? String == "45000.00")
            let gpu = try #require(totals.first { $0["unit"] as? String == "gpu_hours" })
            #expect((gpu["committed"] as? [String: Any])?["quantity"] as? Int == 50000)
            #expect((gpu["disbursed"] as? [String: Any])?["quantity"] as? Int == 12000)

            // What the labs are: HKAI a non-profit whose operating costs the fund and SenseTime
            // share, the Tencent lab financially independent. (The Tencent agreement has no people
            // terms in the demo: they are given only at drafting, and the demo's drafting step
            // stays as earlier versions wrote it.)
            let hkai = try await app.get("/v1/labs/hkai-lab", key: try key("operator"))
            let hkaiProfile = try #require(hkai.json["profile"] as? [String: Any])
            #expect(hkaiProfile["nonProfit"] as? Bool == true)
            #expect(hkaiProfile["financiallyIndependent"] as? Bool == false)
            #expect(hkaiProfile["operatingCostSharers"] as? [String] == ["alibaba-entrepreneurs-fund", "sensetime"])
            let mi = try await app.get("/v1/labs/tencent-cuhksz-mi-lab", key: try key("university", "cuhk-shenzhen"))
            #expect((mi.json["profile"] as? [String: Any])?["financiallyIndependent"] as? Bool == true)
            let agreement = try await app.get("/v1/agreements/tencent-cuhksz-2018", key: try key("company", "tencent"))
            #expect(agreement.status == .ok)
            #expect(agreement.json["peopleTerms"] == nil)

            // The lab's outputs: the paper, published.
            let outputs = try await app.get("/v1/labs/tencent-cuhksz-mi-lab/outputs", key: try key("university", "cuhk-shenzhen"))
            #expect(outputs.status == .ok)
            let paper = try #require((outputs.json["items"] as? [[String: Any]])?.first { $0["output"] as? String == "mi-lab-acl-2019-grounded-dialogue" })
            #expect(paper["status"] as? String == "published")
            #expect(paper["doi"] as? String == "10.5555/acl.2019.0421")

            // The whole history, as an auditor reads it.
            let page = try await app.get("/v1/events?limit=5", key: try key("auditor"))
            #expect(page.status == .ok)
            #expect((page.json["items"] as? [Any])?.count == 5)
            #expect(page.json["next"] is String)
            var ndjson = HTTPFields()
            ndjson[.accept] = "application/x-ndjson"
            let stream = try await app.get("/v1/events", key: try key("auditor"), headers: ndjson)
            #expect(stream.status == .ok)
            #expect(stream.text.split(separator: "\n").count == events.count)
        }
    }

    /// Every committed event, read directly (the gap-safe reads hold back events behind any
    /// running transaction of the cluster, including those of tests running beside this one), in
    /// the gap-safe order. The ORDER BY names the table's column: a bare
    /// `transaction_id` sorts the `transaction_id::text` output column as text, which put
    /// transaction 990 after 1562 and made the welcome test wait for the wrong last event.
    static func allEvents(_ app: APITestApp) async throws -> [StoredEvent] {
        try await app.database.withConnection(as: app.database.provisioned.superuser) { connection in
            let rows = try await connection.query(
                """
                SELECT e.event_id, e.event_type, e.stream_id, e.transaction_id::text, e.global_position
                FROM events e ORDER BY e.transaction_id, e.global_position
                """, logger: TestCluster.logger)
            var events: [StoredEvent] = []
            for try await (id, type, stream, transaction, position) in rows.decode((UUID, String, String, String, Int64).self) {
                events.append(StoredEvent(
                    eventID: id, type: type, streamID: stream,
                    checkpoint: Checkpoint(transactionID: UInt64(transaction) ?? 0, position: position)))
            }
            return events
        }
    }

    struct StoredEvent {
        var eventID: UUID
        var type: String
        var streamID: String
        var checkpoint: Checkpoint
    }
}
