import ArgumentParser
import EventStore
import Foundation
import Hummingbird
import LabLedgerAPI
import LabLedgerProjections
import LabLedgerReadModels
import LabLedgerSchema
import Logging
import PostgresNIO
import ServiceLifecycle

/// The API under load beside raw PostgreSQL and a trivial Hummingbird route, on one machine
/// in one run: single-event commands (POST /v1/parties) beside pgbench INSERTs of the same
/// event shape, and the IP-status query (GET /v1/ip-assets/{id}, 10,000 assets) beside a route
/// that answers a constant. wrk drives all HTTP load with the same settings.
@main
struct APIBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labledger-api-bench",
        abstract: "Command appends/s beside pgbench, IP-status queries beside a trivial Hummingbird route.")

    @Option(help: "Seconds per measurement.") var seconds = 10
    @Option(parsing: .upToNextOption, help: "Connection counts.") var connections: [Int] = [16, 64]
    @Option(help: "IP assets to seed for the query measurement.") var assets = 10_000
    @Option(help: "Write the markdown report here as well as to standard output.") var report: String?
    @Flag(help: "Start the projection workers only after the command measurement (to see what following the appends costs).")
    var workersAfterCommands = false

    func run() async throws {
        var logger = Logger(label: "labledger.api-bench")
        logger.logLevel = .warning
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("labledger-api-bench-\(getpid())")
        let binaries = try PostgresBinaries.locate()
        // Durable like production: fsync and synchronous commit on.
        let cluster = EmbeddedPostgres(dataDirectory: root.appendingPathComponent("pgdata"), binaries: binaries, logger: logger)
        let started = try await cluster.start()
        defer {
            cluster.stopImmediately()
            try? FileManager.default.removeItem(at: root)
        }
        let database = try await DatabaseSetup.provision(
            superuser: started.superuser, database: "bench", migrations: LabLedgerSchema.migrations(), logger: logger)
        try await DatabaseSetup.withConnection(database.owner, logger: logger) { connection in
            try await connection.query("CREATE TABLE raw_events (LIKE events INCLUDING ALL)", logger: logger)
        }
        let client = PostgresClient(configuration: database.app.clientConfiguration(maximumConnections: 80), backgroundLogger: logger)
        let store = PostgresEventStore(client: client, database: database.app, logger: logger)
        let keys = APIKeyStore(client: client, logger: logger)
        var options = APIOptions()
        options.port = 18_181
        let api = try APIServer.application(store: store, keys: keys, options: options, logger: logger)
        let trivial = TrivialServer.application(port: 18_182, logger: logger)
        let worker = ProjectionWorker(projectors: ReadModels.all.map(StreamProjector.init), store: store, logger: logger)
        let wrk = Wrk(directory: root, seconds: seconds)
        let pgbench = RawInserts(binaries: binaries, target: database.owner, directory: root, seconds: seconds)

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            group.addTask { try await api.runService() }
            group.addTask { try await trivial.runService() }
            if !workersAfterCommands { group.addTask { try await worker.run() } }
            defer { group.cancelAll() }
            try await Task.sleep(for: .seconds(1))
            let admin = try await keys.create(role: .admin, party: nil, label: "bench").key.text
            let tencent = try await keys.create(role: .company, party: .init(parsing: "tencent"), label: "bench").key.text

            var commandRows: [String] = []
            for count in connections {
                let raw = try await pgbench.perSecond(clients: count)
                let api = try await wrk.run(url: "http://127.0.0.1:18181/v1/parties", connections: count, script: .registerParty(key: admin))
                commandRows.append(Report.commandRow(connections: count, raw: raw, api: api))
                print(commandRows.last ?? "")
            }

            if workersAfterCommands { group.addTask { try await worker.run() } }
            let seeded = try await AssetSeed.seed(assets, owner: "tencent", store: store, logger: logger)
            try await AssetSeed.waitForProjection(client: client, count: seeded, logger: logger)
            var queryRows: [String] = []
            for count in connections {
                let trivialRun = try await wrk.run(url: "http://127.0.0.1:18182/trivial", connections: count, script: .plain)
                let query = try await wrk.run(
                    url: "http://127.0.0.1:18181/v1/ip-assets/", connections: count, script: .assetQuery(key: tencent, assets: seeded))
                queryRows.append(Report.queryRow(connections: count, trivial: trivialRun, query: query))
                print(queryRows.last ?? "")
            }
            let document = Report.document(
                commands: commandRows, queries: queryRows, seconds: seconds, assets: seeded, workersDuringCommands: !workersAfterCommands)
            print(document)
            if let report { try document.write(toFile: report, atomically: true, encoding: .utf8) }
        }
    }
}
