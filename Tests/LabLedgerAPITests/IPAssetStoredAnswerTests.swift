import EventStore
import Foundation
import HTTPTypes
import LabLedgerContract
import LabLedgerDomain
import LabLedgerHistory
import LabLedgerReadModels
import PostgresNIO
import Testing
import TestSupport

/// `GET /v1/ip-assets/{assetId}` writes the answer the projection stored for the key's kind
/// (`ip_asset_views`; an owner's is the keepers'); these tests hold it to the answer rendered
/// per request from the asset's document, as the API rendered it before, for every kind of key.
@Suite struct IPAssetStoredAnswerTests {
    /// Over a generated history (every asset, every key that sees it: keepers, owners, other
    /// parties to the asset, parties to its agreement with no part in it): the bytes served
    /// equal, as JSON values, the per-request rendering of the stored document for that key's
    /// party, decode as openapi.yaml's `IPAsset`, and carry the stream version as ETag; a party
    /// with no part in the asset or its agreement gets 404.
    @Test func everyKeyIsServedWhatTheDocumentRendersForItsParty() async throws {
        try await APITestApp.run("ip_stored_answers") { app in
            let world = try await Self.history(app)
            #expect(world.assets.count > 10, "the history records IP assets")
            var keys: [String: String] = [:]
            func key(_ party: String) async throws -> String {
                if let known = keys[party] { return known }
                let made = try await app.key(.company, party: party)
                keys[party] = made
                return made
            }
            let keepers = [try await app.admin(), try await app.key(.auditor)]
            var served: [String: Int] = [:]
            for asset in world.assets {
                let document = try JSONDecoder().decode(IPAssetDocument.self, from: Data(asset.document.utf8))
                let parties = world.assetParties[asset.stream] ?? []
                var viewers: [(key: String, party: String?, kind: String)] = keepers.map { ($0, nil, "keeper") }
                for party in parties {
                    let owner = document.state.owners.contains(try PartyID(parsing: party))
                    viewers.append((try await key(party), party, owner ? "owner" : "other party to the asset"))
                }
                for party in world.agreementParties[asset.agreement] ?? [] where !parties.contains(party) {
                    viewers.append((try await key(party), party, "party to the agreement only"))
                }
                for viewer in viewers {
                    let response = try await app.get("/v1/ip-assets/\(asset.id)", key: viewer.key)
                    #expect(response.status == .ok, "\(asset.id) for \(viewer.kind) \(viewer.party ?? "-"): \(response.text)")
                    #expect(response.etag == "\"\(document.streamVersion)\"")
                    #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                    let rendered = try JSONEncoder().encode(Components.Schemas.IPAsset(
                        document, partyRoles: nil, full: true, viewer: LicenceViewer(party: try viewer.party.map { try PartyID(parsing: $0) })))
                    let expected = try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: rendered), options: [.sortedKeys])
                    #expect(response.sortedJSON == expected, "\(asset.id) for \(viewer.kind) \(viewer.party ?? "-")")
                    // The generated type's decoder checks the answer against openapi.yaml's IPAsset.
                    #expect(throws: Never.self) { try JSONDecoder().decode(Components.Schemas.IPAsset.self, from: response.body) }
                    served[viewer.kind, default: 0] += 1
                }
                if let outsider = world.parties.first(where: { !parties.contains($0) && !(world.agreementParties[asset.agreement] ?? []).contains($0) }) {
                    #expect(try await app.get("/v1/ip-assets/\(asset.id)", key: try await key(outsider)).status == .notFound)
                    served["outsider (404)", default: 0] += 1
                }
            }
            for kind in ["keeper", "owner", "other party to the asset", "party to the agreement only", "outsider (404)"] {
                #expect(served[kind, default: 0] > 0, "the history gives a \(kind): \(served)")
            }
            // An owner is served the keepers' answer (migration 0045): no row is stored for one.
            #expect(try await app.database.count("SELECT count(*) FROM ip_asset_parties WHERE share_basis_points IS NOT NULL") > 0)
            #expect(try await app.database.count("""
                SELECT count(*) FROM ip_asset_views v JOIN ip_asset_parties p ON p.stream_id = v.stream_id AND p.party_id = v.viewer
                WHERE p.share_basis_points IS NOT NULL
                """) == 0)
        }
    }

    /// The answer is the stored row, written as it is: a row changed behind the projection's
    /// back is what the asset and the list serve, while `asOf` (folded per request by the typed
    /// handler) and an `Accept` the stored answer leaves to the runtime are answered as before.
    @Test func theStoredRowIsWhatIsServedAndTheTypedHandlerAnswersTheRest() async throws {
        try await APITestApp.run("ip_stored_rows") { app in
            let story = try await IPAssetStory.begin(app)
            try story.expectOK(try await story.command("licences", IPAssetStory.licence("jd-cv-cn", licensee: "jd", territories: ["CN"])))
            let second = try await story.command("licences", IPAssetStory.licence(
                "alibaba-asr", licensee: "alibaba", exclusivity: "non_exclusive", fields: ["speech-recognition"]))
            try story.expectOK(second)
            try await app.waitForReadModels(try #require(second.position))
            let jd = try await app.key(.company, party: "jd")
            let head = try await app.store.headPosition()
            for key in [story.admin, jd, try await app.key(.company, party: "tencent")] {
                let stored = try await app.get(story.assetPath, key: key)
                let typed = try await app.get("\(story.assetPath)?asOf=position:\(head)", key: key)
                #expect(stored.status == .ok && typed.status == .ok, "\(stored.text) \(typed.text)")
                #expect(stored.sortedJSON == typed.sortedJSON)
                #expect(stored.etag == typed.etag)
            }

            try await app.database.withConnection(as: app.database.provisioned.superuser) { connection in
                try await connection.query(
                    """
                    UPDATE ip_asset_views SET answer = answer || '{"title": "as stored"}'
                    WHERE stream_id = \("ipasset-\(story.asset)") AND viewer = 'jd'
                    """, logger: TestCluster.logger)
            }
            #expect(try await app.get(story.assetPath, key: jd).json["title"] as? String == "as stored")
            let listed = try await app.get("/v1/ip-assets", key: jd).json["items"] as? [[String: Any]]
            #expect(listed?.first?["title"] as? String == "as stored")
            #expect(try await app.get(story.assetPath, key: story.admin).json["title"] as? String != "as stored", "only jd's row changed")
            // Tencent owns half the asset: it is served the keepers' row (migration 0045).
            try await app.database.withConnection(as: app.database.provisioned.superuser) { connection in
                try await connection.query(
                    """
                    UPDATE ip_asset_views SET answer = answer || '{"title": "as stored for keepers"}'
                    WHERE stream_id = \("ipasset-\(story.asset)") AND viewer = '*'
                    """, logger: TestCluster.logger)
            }
            let tencent = try await app.key(.company, party: "tencent")
            #expect(try await app.get(story.assetPath, key: tencent).json["title"] as? String == "as stored for keepers")
            #expect(try await app.get(story.assetPath, key: story.admin).json["title"] as? String == "as stored for keepers")
            #expect(try await app.get(story.assetPath, key: jd).json["title"] as? String == "as stored")
            let asOf = try await app.get("\(story.assetPath)?asOf=position:\(head)", key: jd)
            #expect(asOf.status == .ok && asOf.json["title"] as? String != "as stored")
            let refused = try await app.get(story.assetPath, key: jd, headers: [.accept: "text/html"])
            #expect(refused.status == .notAcceptable)
        }
    }

    /// Over a generated history, for keepers and every party's key, with and without `?party=`:
    /// each page of the list served from the stored answers equals, as JSON values, the page the
    /// typed handler renders from the documents (asked with `limit` percent-encoded, which the
    /// stored answer leaves to it), `next` included, and decodes as openapi.yaml's `IPAssetPage`.
    @Test func everyListPageEqualsTheTypedRenderingOfTheSamePage() async throws {
        try await APITestApp.run("ip_stored_lists") { app in
            let world = try await Self.history(app)
            var lists: [(key: String, query: String)] = [(try await app.admin(), ""), (try await app.key(.auditor), "")]
            for party in Set(world.assetParties.values.flatMap { $0 }).sorted() {
                let key = try await app.key(.company, party: party)
                lists += [(key, ""), (key, "party=\(party)&"), (try await app.admin(), "party=\(party)&")]
            }
            var pages = 0
            var items = 0
            for list in lists {
                var after = ""
                while true {
                    let stored = try await app.get("/v1/ip-assets?\(list.query)limit=7\(after)", key: list.key)
                    let typed = try await app.get("/v1/ip-assets?\(list.query)limit=%37\(after)", key: list.key)
                    #expect(stored.status == .ok && typed.status == .ok, "\(list.query): \(stored.text) \(typed.text)")
                    #expect(stored.sortedJSON == typed.sortedJSON, "\(list.query)\(after)")
                    #expect(throws: Never.self) { try JSONDecoder().decode(Components.Schemas.IPAssetPage.self, from: stored.body) }
                    pages += 1
                    items += (stored.json["items"] as? [Any])?.count ?? 0
                    guard let next = stored.json["next"] as? String else { break }
                    after = "&after=\(next)"
                }
            }
            #expect(items > world.assets.count, "the lists cover the assets, several of them more than once")
            #expect(pages > lists.count, "some lists run over several pages")
            // The items come from the single-asset answers (migration 0044): none is stored apart.
            #expect(try await app.database.count("SELECT count(*) FROM ip_asset_views") > world.assets.count)
            #expect(try await app.database.count("SELECT count(*) FROM ip_asset_views WHERE item IS NOT NULL") == 0)
        }
    }

    /// The worker writes an asset's stored answers only when their bytes change (migration 0046,
    /// `ReadModelProjection.diffedTables`): a royalty report rewrites the keepers' answer and
    /// its licensee's (their rows' `xmin` moves) and leaves the others' rows as they were; a
    /// licensee that becomes an owner loses its row, owners reading the keepers'. Every answer is
    /// still the one rendered per request, with the stream's version the queries add.
    @Test func aPageRewritesOnlyTheAnswersItChanged() async throws {
        try await APITestApp.run("ip_changed_answers") { app in
            let story = try await IPAssetStory.begin(app)
            let stream = "ipasset-\(story.asset)"
            try story.expectOK(try await story.command("licences", IPAssetStory.licence("jd-cv-cn", licensee: "jd", territories: ["CN"])))
            let granted = try await story.command("licences", IPAssetStory.licence(
                "alibaba-asr", licensee: "alibaba", exclusivity: "non_exclusive", fields: ["speech-recognition"]))
            try story.expectOK(granted)
            try await app.waitForReadModels(try #require(granted.position))
            func rows() async throws -> [String: String] {
                try await app.database.withConnection(as: app.database.provisioned.app) { connection in
                    var found: [String: String] = [:]
                    let rows = try await connection.query(
                        "SELECT viewer, xmin::text FROM ip_asset_views WHERE stream_id = \(stream)", logger: TestCluster.logger)
                    for try await (viewer, xmin) in rows.decode((String, String).self) { found[viewer] = xmin }
                    return found
                }
            }
            let keys = ["*": story.admin, "jd": try await app.key(.company, party: "jd"), "alibaba": try await app.key(.company, party: "alibaba"),
                        "tencent": try await app.key(.company, party: "tencent")]
            func expectServedAsRendered(_ step: String) async throws {
                let head = try await app.store.headPosition()
                for (name, key) in keys {
                    let stored = try await app.get(story.assetPath, key: key)
                    let typed = try await app.get("\(story.assetPath)?asOf=position:\(head)", key: key)
                    #expect(stored.status == .ok && typed.status == .ok, "\(step), \(name): \(stored.text) \(typed.text)")
                    #expect(stored.sortedJSON == typed.sortedJSON, "\(step), \(name)")
                    #expect(stored.etag == typed.etag && stored.json["version"] as? Int != nil, "\(step), \(name)")
                }
            }
            let before = try await rows()
            #expect(Set(before.keys) == ["*", "-", "jd", "alibaba"])
            try await expectServedAsRendered("after the licences")

            let jd = try #require(keys["jd"])
            let reported = try await story.command("licences/jd-cv-cn/royalty-reports", """
                {"period": {"from": "2020-01-01", "to": "2021-01-01"}, "netSales": {"currency": "CNY", "amount": "12500000.00"},
                 "royaltyDue": {"currency": "CNY", "amount": "375000.00"}, "reportedOn": "2021-01-20"}
                """, key: jd)
            #expect(reported.eventTypes == ["RoyaltyReported"], "\(reported.text)")
            try await app.waitForReadModels(try #require(reported.position))
            let afterReport = try await rows()
            #expect(Set(afterReport.keys) == Set(before.keys))
            #expect(Set(afterReport.keys.filter { afterReport[$0] != before[$0] }) == ["*", "jd"], "\(before) → \(afterReport)")
            try await expectServedAsRendered("after the report")

            let moved = try await story.command(
                "ownership-transfers", #"{"from": "tencent", "to": "jd", "shareBasisPoints": 1000, "transferredOn": "2021-03-01"}"#,
                key: try #require(keys["tencent"]))
            #expect(moved.eventTypes == ["OwnershipTransferred"], "\(moved.text)")
            try await app.waitForReadModels(try #require(moved.position))
            let afterTransfer = try await rows()
            #expect(Set(afterTransfer.keys) == ["*", "-", "alibaba"], "jd owns a share now and reads the keepers' answer")
            try await expectServedAsRendered("after the transfer")
        }
    }

    /// A row as a worker of the release before migration 0046 writes it — the whole answer, with
    /// its version, in `body` and no `answer` — is served as it is, by the asset's query and the
    /// list's, as newer API servers meet such rows during an upgrade; and a newer worker's next
    /// page writes the answers it changes as `answer` (here every one: the licence shows in all).
    /// The worker's cache is warm here; a stream it holds no digests for is replaced whole, which
    /// `ReadModelHistoryTests` meets after its rebuilds' large pages.
    @Test func aRowAnOlderWorkerWroteIsServedAsItIs() async throws {
        try await APITestApp.run("ip_older_rows") { app in
            let story = try await IPAssetStory.begin(app)
            let stream = "ipasset-\(story.asset)"
            let granted = try await story.command("licences", IPAssetStory.licence("jd-cv-cn", licensee: "jd", territories: ["CN"]))
            try story.expectOK(granted)
            try await app.waitForReadModels(try #require(granted.position))
            try await app.database.withConnection(as: app.database.provisioned.superuser) { connection in
                try await connection.query(
                    """
                    UPDATE ip_asset_views v SET body = v.answer || jsonb_build_object('version', a.stream_version), answer = NULL
                    FROM ip_assets a WHERE a.stream_id = v.stream_id AND v.stream_id = \(stream)
                    """, logger: TestCluster.logger)
            }
            #expect(try await app.database.count("SELECT count(*) FROM ip_asset_views WHERE answer IS NULL") >= 3)
            let keys = [story.admin, try await app.key(.company, party: "jd"), try await app.key(.company, party: "tencent")]
            func expectServedAsRendered(_ step: String) async throws {
                let head = try await app.store.headPosition()
                for key in keys {
                    let stored = try await app.get(story.assetPath, key: key)
                    let typed = try await app.get("\(story.assetPath)?asOf=position:\(head)", key: key)
                    #expect(stored.status == .ok && typed.status == .ok, "\(step): \(stored.text) \(typed.text)")
                    #expect(stored.sortedJSON == typed.sortedJSON, "\(step)")
                    let list = try await app.get("/v1/ip-assets", key: key)
                    let typedList = try await app.get("/v1/ip-assets?limit=%32%30", key: key)
                    #expect(list.status == .ok && list.sortedJSON == typedList.sortedJSON, "\(step): \(list.text)")
                }
            }
            try await expectServedAsRendered("rows as an older worker wrote them")

            let second = try await story.command("licences", IPAssetStory.licence(
                "alibaba-asr", licensee: "alibaba", exclusivity: "non_exclusive", fields: ["speech-recognition"]))
            try story.expectOK(second)
            try await app.waitForReadModels(try #require(second.position))
            try await expectServedAsRendered("after a newer worker's page")
            #expect(try await app.database.count("SELECT count(*) FROM ip_asset_views WHERE body IS NOT NULL AND answer IS NULL") == 0,
                    "every answer changed with the new licence, and was written as `answer`")
        }
    }

    /// Migration 0046 on a database where a rebuild of `ip_assets` is in progress: the rebuild's
    /// copy of the stored answers takes answers without a body as the live table does, and holds
    /// a row to exactly one of the two.
    @Test func aRebuildInProgressTakesAnswersWithoutBodiesAfterTheMigration() async throws {
        let provisioned = try await Self.migratedDuringARebuild(from: 46, database: "t_answer")
        try await DatabaseSetup.withConnection(provisioned.owner, logger: TestCluster.logger) { connection in
            for table in ["ip_asset_views", "ip_asset_views__rebuild"] {
                try await connection.query(
                    "INSERT INTO \(unescaped: table) (stream_id, viewer, answer) VALUES ('ipasset-x', '*', '{\"asset\": \"x\"}')",
                    logger: TestCluster.logger)
                for refused in ["(stream_id, viewer, answer, body) VALUES ('ipasset-x', 'jd', '{\"asset\": \"x\"}', '{}')",
                                "(stream_id, viewer) VALUES ('ipasset-x', 'jd')",
                                "(stream_id, viewer, answer) VALUES ('ipasset-x', 'jd', '{}')",
                                "(stream_id, viewer, answer) VALUES ('ipasset-x', 'jd', '{\"asset\": \"x\", \"version\": 1}')"] {
                    await #expect(throws: PSQLError.self, "\(table) \(refused)") {
                        try await connection.query(PostgresQuery(unsafeSQL: "INSERT INTO \(table) \(refused)"), logger: TestCluster.logger)
                    }
                }
            }
        }
    }

    /// Migration 0044 on a database where a rebuild of `ip_assets` is in progress: the rebuild's
    /// copy of the stored answers, made before it, takes rows without an item as the live table
    /// does, or the rebuild would be refused its rows.
    @Test func aRebuildInProgressTakesAnswersWithoutItemsAfterTheMigration() async throws {
        let provisioned = try await Self.migratedDuringARebuild(from: 44, database: "t_item")
        try await DatabaseSetup.withConnection(provisioned.owner, logger: TestCluster.logger) { connection in
            for table in ["ip_asset_views", "ip_asset_views__rebuild"] {
                try await connection.query(
                    "INSERT INTO \(unescaped: table) (stream_id, viewer, body) VALUES ('ipasset-x', '*', '{}')", logger: TestCluster.logger)
            }
        }
    }

    /// A database migrated to before `version`, then, with a rebuild's copy of the stored answers
    /// made as `projection_prepare_rebuild` makes it, to the last migration (which includes `version`).
    static func migratedDuringARebuild(from version: Int, database: String) async throws -> DatabaseSetup.Provisioned {
        let provisioned = try await DatabaseSetup.provision(
            superuser: try await TestCluster.superuser.value, database: "\(database)_\(UUID().uuidString.prefix(8).lowercased())",
            migrations: TestCluster.migrations.filter { $0.version < version }, logger: TestCluster.logger)
        let applied = try await DatabaseSetup.withConnection(provisioned.owner, logger: TestCluster.logger) { connection in
            try await connection.query("CREATE TABLE ip_asset_views__rebuild (LIKE ip_asset_views INCLUDING ALL)", logger: TestCluster.logger)
            return try await MigrationRunner(migrations: TestCluster.migrations, logger: TestCluster.logger).migrate(on: connection)
        }
        #expect(applied.map(\.version).contains(version))
        return provisioned
    }

    /// Appends a generated history and waits for the read models to apply it.
    static func history(_ app: APITestApp) async throws -> World {
        var last: AppendResult?
        for append in HistoryGenerator(seed: 2018, events: 4_000) {
            let events = append.events.map {
                EventData(type: $0.type, schemaVersion: $0.schemaVersion, data: $0.data, metadata: EventMetadata(actor: "history"),
                          occurredAt: append.occurredAt)
            }
            last = try await app.store.append(
                to: append.stream.rawValue, expected: append.expectedVersion == 0 ? .noStream : .exact(append.expectedVersion), events)
        }
        try await app.waitForReadModels(try #require(last).checkpoint.description)
        return try await world(app.database)
    }

    struct World {
        struct Asset {
            var stream: String
            var id: String
            var agreement: String
            var document: String
        }

        var assets: [Asset] = []
        var assetParties: [String: [String]] = [:]
        var agreementParties: [String: [String]] = [:]
        var parties: [String] = []
    }

    static func world(_ database: TestDatabase) async throws -> World {
        try await database.withConnection(as: database.provisioned.app) { connection in
            var world = World()
            let assets = try await connection.query(
                "SELECT a.stream_id, a.asset_id, a.agreement_id, d.doc::text FROM ip_assets a JOIN ip_assets_documents d USING (stream_id) ORDER BY 1",
                logger: TestCluster.logger)
            for try await (stream, id, agreement, document) in assets.decode((String, String, String, String).self) {
                world.assets.append(.init(stream: stream, id: id, agreement: agreement, document: document))
            }
            for try await (stream, party) in try await connection.query(
                "SELECT stream_id, party_id FROM ip_asset_parties ORDER BY 1, 2", logger: TestCluster.logger).decode((String, String).self) {
                world.assetParties[stream, default: []].append(party)
            }
            for try await (agreement, party) in try await connection.query(
                "SELECT DISTINCT agreement_id, party_id FROM directory_agreement_parties ORDER BY 1, 2", logger: TestCluster.logger).decode((String, String).self) {
                world.agreementParties[agreement, default: []].append(party)
            }
            for try await party in try await connection.query(
                "SELECT party_id FROM directory_parties ORDER BY 1", logger: TestCluster.logger).decode(String.self) {
                world.parties.append(party)
            }
            return world
        }
    }
}
