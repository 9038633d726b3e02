import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LabLedgerAPI
import LabLedgerApp
import LabLedgerDomain
import LabLedgerPrivacy
import LabLedgerProjections
import LabLedgerReadModels
import Logging
import PostgresNIO
import TestSupport

/// A running API on a fresh migrated database, with projection workers following it, as
/// `labledger serve` runs them; requests go through the router in memory (HummingbirdTesting).
struct APITestApp: Sendable {
    let client: any TestClientProtocol
    let store: PostgresEventStore
    let keys: APIKeyStore
    let database: TestDatabase
    /// The API's state cache and projection positions, for their statistics.
    let shared: APIShared

    /// Runs `body` against a fresh database. `workers: false` leaves the read models empty.
    /// `log: true` runs the sequencer, which signs checkpoints every 50 ms with a key of its own.
    /// `personKEK: true` seals personal data with a person vault whose KEK is a file of its own.
    /// `readOnlyReplica: true` configures a read replica that is this database reached by a
    /// login whose transactions are all read-only, as a hot standby's are. `readReplica` names
    /// another server as the read replica.
    static func run(
        _ label: String, workers: Bool = true, log: Bool = false, personKEK: Bool = false, readOnlyReplica: Bool = false,
        readReplica: DatabaseConfig? = nil, options: APIOptions = APIOptions(),
        _ body: @Sendable (APITestApp) async throws -> Void
    ) async throws {
        let database = try await TestDatabase.make(label)
        var configuration = AppConfiguration(database: .migrated(app: database.provisioned.app), api: options)
        if readOnlyReplica { configuration.readReplica = try await database.readOnlyLogin() }
        if let readReplica { configuration.readReplica = readReplica }
        let keyFolder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("labledger-logkey-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: keyFolder) }
        if log {
            configuration.log = .init(
                origin: "labledger.test/\(label)", keyFile: keyFolder.appendingPathComponent("log.key").path,
                checkpointInterval: .milliseconds(50))
        }
        if personKEK {
            configuration.personKEK = KEKSetting(file: keyFolder.appendingPathComponent("person-kek.key").path)
        }
        if workers {
            var workerOptions = ProjectionWorkerOptions()
            workerOptions.pollInterval = .milliseconds(50)
            configuration.workers = workerOptions
        }
        // A small pool: many of these run at once against one cluster.
        configuration.maximumConnections = 12
        configuration.keyCacheTTL = .milliseconds(1)
        let app = try await buildApplication(configuration, logger: TestCluster.logger)
        guard let http = app.http, let shared = app.shared else { throw APITestError("the application was built without its API") }
        try await http.test(.router) { client in
            try await body(APITestApp(client: client, store: app.store, keys: app.keys, database: database, shared: shared))
        }
    }

    /// A new key of `role` (university and company keys need a party).
    func key(_ role: Principal.Role, party: String? = nil) async throws -> String {
        try await keys.create(role: role, party: party.map { try PartyID(parsing: $0) }, label: "test").key.text
    }

    func admin() async throws -> String { try await key(.admin) }

    @discardableResult
    func post(_ path: String, key: String?, json: String, headers: HTTPFields = [:]) async throws -> APIResponse {
        try await send(.post, path, key: key, body: json, headers: headers)
    }

    @discardableResult
    func get(_ path: String, key: String?, headers: HTTPFields = [:]) async throws -> APIResponse {
        try await send(.get, path, key: key, body: nil, headers: headers)
    }

    func send(_ method: HTTPRequest.Method, _ path: String, key: String?, body: String?, headers: HTTPFields = [:]) async throws -> APIResponse {
        var fields = headers
        if let key { fields[.authorization] = "Bearer \(key)" }
        if body != nil, fields[.contentType] == nil { fields[.contentType] = "application/json" }
        return try await client.execute(
            uri: path, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) }
        ) { response in
            APIResponse(status: response.status, headers: response.headers, body: Data(buffer: response.body))
        }
    }

    /// Waits (up to 30 s) until the gap-safe history shows the event at `position`. The
    /// watermark is cluster-wide, so a transaction of a test running beside this one can hold
    /// our own committed events back for a moment.
    func waitForHistory(_ position: String) async throws {
        guard let checkpoint = Checkpoint(position) else { throw APITestError("not a position token: \(position)") }
        for _ in 0..<600 {
            var cursor = Checkpoint.start
            while true {
                let page = try await store.readAll(after: cursor, limit: 1_000)
                if page.contains(where: { $0.checkpoint == checkpoint }) { return }
                guard let last = page.last, page.count == 1_000 else { break }
                cursor = last.checkpoint
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw APITestError("the history did not show \(position) within 30 s")
    }

    /// Waits (up to 30 s) until every projection has applied `position`, a command's token.
    func waitForReadModels(_ position: String) async throws {
        guard let checkpoint = Checkpoint(position) else { throw APITestError("not a position token: \(position)") }
        let transaction = String(checkpoint.transactionID)
        // Every read model must have a row at or past the position: a worker that has not yet
        // registered its projection has no row, and counting only the rows behind would pass.
        let names = ReadModels.all.map(\.name)
        for _ in 0..<600 {
            let caughtUp = try await database.withConnection(as: database.provisioned.superuser) { connection in
                let rows = try await connection.query(
                    """
                    SELECT count(*)::int FROM projections
                    WHERE name = ANY(\(names))
                      AND (checkpoint_transaction, checkpoint_position) >= (\(transaction)::xid8, \(checkpoint.position))
                    """, logger: TestCluster.logger)
                for try await count in rows.decode(Int.self) { return count }
                return 0
            }
            if caughtUp == names.count { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw APITestError("read models did not reach \(position) within 30 s")
    }

    /// Asks the workers to rebuild `projections` and waits (up to 60 s) until their rebuilt
    /// tables are swapped in; answers how many were.
    func rebuildAndWaitForSwap(_ projections: [String]) async throws -> Int {
        try await database.withConnection(as: database.provisioned.app) { connection in
            for name in projections { try await ProjectionControl.requestRebuild(name, on: connection, logger: TestCluster.logger) }
        }
        var swapped = 0
        for _ in 0..<1_200 {
            swapped = try await database.withConnection(as: database.provisioned.superuser) { connection in
                let rows = try await connection.query(
                    "SELECT count(*)::int FROM projections WHERE name = ANY(\(projections)) AND generation >= 2 AND state = 'running'",
                    logger: TestCluster.logger)
                for try await count in rows.decode(Int.self) { return count }
                return 0
            }
            if swapped == projections.count { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return swapped
    }
}

/// A response as tests look at it.
struct APIResponse: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
    }

    var jsonArray: [Any] {
        (try? JSONSerialization.jsonObject(with: body)) as? [Any] ?? []
    }

    /// The problem's `code` for problem+json answers.
    var code: String? { json["code"] as? String }

    /// The JSON pointers of a validation problem's fields.
    var pointers: [String] {
        ((json["errors"] as? [[String: Any]]) ?? []).compactMap { $0["pointer"] as? String }
    }

    /// The body with its keys sorted, to compare two answers as JSON; nil when it is not JSON.
    var sortedJSON: Data? {
        try? JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: body), options: [.sortedKeys])
    }

    var position: String? { headers[HTTPField.Name("LabLedger-Position")!] }
    var etag: String? { headers[.eTag] }
}

struct APITestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
