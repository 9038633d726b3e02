import ArgumentParser
import BenchSupport
import EventStore
import Foundation
import Hummingbird
import LabLedgerAPI
import LabLedgerApp
import LabLedgerProjections
import LabLedgerReadModels
import LabLedgerSchema
import Logging
import PostgresNIO
import ServiceLifecycle

/// The API under load beside raw PostgreSQL and a trivial Hummingbird route, on one machine
/// in one run: single-event commands (POST /v1/parties) beside pgbench INSERTs of the same
/// event shape, and the IP-status query (GET /v1/ip-assets/{id}, 10,000 assets) beside a route
/// that answers a constant; between them, the floor (`FloorServer`: bare routes sending one
/// prepared statement each, and pgbench sending the query's statement). wrk drives all HTTP
/// load with the same settings. Last, one request at a time, the web console's pages on the
/// demo story beside the API calls each is built on.
@main
struct APIBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labledger-api-bench",
        abstract: "Command appends/s beside pgbench, IP-status queries beside a trivial Hummingbird route, console pages beside their API calls.")

    @Option(help: "Seconds per measurement.") var seconds = 10
    @Option(parsing: .upToNextOption, help: "Connection counts.") var connections: [Int] = [16, 64]
    @Option(help: "IP assets to seed for the query measurement.") var assets = 10_000
    @Option(help: "Write the markdown report here as well as to standard output.") var report: String?
    @Option(help: "Write every cell as JSON here (figures, ratios, p50/p99 latency, peak RSS), for bench/run.") var json: String?
    @Option(help: "Command-then-query rounds for each read-your-writes figure.") var rywRounds = 100
    @Option(parsing: .upToNextOption, help: "Disbursements the scaling benchmark's commitment is grown to.") var streamLengths: [Int] = [10, 1_000, 10_000]
    @Option(help: "Commands timed at each stream length.") var scalingCommands = 30
    @Flag(help: "Serve without the database gate (DatabaseAvailability), as the API was served before it; `serve` always has it.")
    var noGate = false
    @Flag(help: "Start the projection workers only after the command measurement (to see what following the appends costs).")
    var workersAfterCommands = false
    @Option(help: "Requests per console page (and per round of its API calls), one at a time, after 10 of warm-up.") var consoleRequests = 200
    @Flag(help: "Measure only the console pages beside their API calls (no wrk, pgbench or one-at-a-time command cells).")
    var onlyConsole = false
    @Option(help: "Documents each projection runner keeps in memory between pages (ProjectionWorkerOptions.documentCacheLimit; default: the worker's).")
    var documentCache: Int?
    @Option(help: "With --only-console: IP assets owned by Tencent to seed before the demo (the IP asset list then renders a full page of them); 0 seeds none.")
    var consoleAssets = 0

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
            // The floor's bare route inserts as the API does, through the application's role.
            try await connection.query("GRANT INSERT ON raw_events TO \(unescaped: DatabaseSetup.appRole)", logger: logger)
        }
        var options = APIOptions()
        options.port = 18_181
        // Built as `labledger serve` builds it: the gate probing the database on a connection of
        // its own, the log's sequencer and (unless asked to start later) the projection workers.
        var configuration = AppConfiguration.serve(
            .migrated(app: database.app), api: options,
            log: .init(origin: "labledger.bench/log", keyFile: root.appendingPathComponent("log-signing.key").path))
        configuration.maximumConnections = 80
        if noGate { configuration.databaseProbe = nil }
        if let documentCache { configuration.workers?.documentCacheLimit = documentCache }
        let workerOptions = configuration.workers ?? ProjectionWorkerOptions()
        if workersAfterCommands { configuration.workers = nil }
        let app = try await buildApplication(configuration, logger: logger)
        guard let api = app.http else { throw BenchSetupError("the application was built without its API") }
        let (store, keys, client) = (app.store, app.keys, app.store.client)
        let trivial = TrivialServer.application(port: 18_182, logger: logger)
        let floor = FloorServer.application(port: 18_183, client: client, party: "tencent", logger: logger)
        let worker = ProjectionWorker(projectors: ReadModels.all.map(StreamProjector.init), store: store, options: workerOptions, logger: logger)
        let wrk = Wrk(directory: root, seconds: seconds)
        let pgbench = PgBench(binaries: binaries, target: database.owner, directory: root, seconds: seconds)

        try await withThrowingTaskGroup(of: Void.self) { group in
            // The API's application runs its services too: the client, the probe, the sequencer, the workers.
            group.addTask { try await api.runService() }
            group.addTask { try await trivial.runService() }
            group.addTask { try await floor.runService() }
            defer { group.cancelAll() }
            try await Task.sleep(for: .seconds(1))
            let admin = try await keys.create(role: .admin, party: nil, label: "bench").key.text
            let tencent = try await keys.create(role: .company, party: .init(parsing: "tencent"), label: "bench").key.text

            var output = BenchReport(benchmark: "api", settings: [
                "secondsPerCell": "\(seconds)", "connections": connections.map(String.init).joined(separator: " "),
                "assets": "\(assets)", "databaseGate": noGate ? "off" : "on, as serve runs it",
                "projectionWorkers": workersAfterCommands ? "started after the command measurement" : "running throughout, as serve runs them",
                "cluster": "embedded, durable (fsync and synchronous_commit on)", "load": "wrk, 2 threads",
                "consolePages": "the demo story, \(consoleRequests) requests per page one at a time after 10 of warm-up",
            ])
            if onlyConsole {
                // Only the console cell ran: the wrk, pgbench and seeding settings did not apply.
                output.settings = output.settings.filter { ["databaseGate", "cluster", "projectionWorkers", "consolePages"].contains($0.key) }
                output.settings["onlyConsole"] = "yes"
                if consoleAssets > 0 { output.settings["consoleAssets"] = "\(consoleAssets) seeded IP assets owned by Tencent besides the demo's" }
            }
            let rssOf = "the bench process, which is the API server (with its projection workers and the trivial route); wrk and pgbench are processes of their own"
            var commandRows: [String] = []
            var queryRows: [String] = []
            var floorRows: [String] = []
            var rywRows: [String] = []
            var scaling: [ScalingBench.Result] = []
            var seeded = 0
            if !onlyConsole {
                for count in connections {
                    let raw = try await pgbench.measure(clients: count)
                    let (api, rss) = try await PeakRSS.during {
                        try await wrk.run(url: "http://127.0.0.1:18181/v1/parties", connections: count, script: .registerParty(key: admin))
                    }
                    commandRows.append(Report.commandRow(connections: count, raw: raw.perSecond, api: api))
                    print(commandRows.last ?? "")
                    let rawLatency = raw.latencies.p50p99Ms
                    output.cells.append(.wrk(
                        "commands (POST /v1/parties), \(count) connections", subject: "single-event command over HTTP", result: api,
                        baselineName: "raw pgbench INSERTs of the same event", baseline: raw.perSecond, baselineLatency: rawLatency,
                        peakRSSBytes: rss, rssOf: rssOf))
                    let bare = try await wrk.run(url: "http://127.0.0.1:18183/floor/parties", connections: count, script: .registerParty(key: admin))
                    floorRows.append(Report.floorRow(
                        "`POST /floor/parties` (pgbench's INSERT)", connections: count, baselineName: "pgbench INSERTs", baseline: raw.perSecond,
                        floor: bare, api: api))
                    print(floorRows.last ?? "")
                    output.cells.append(.wrk(
                        "floor: bare route inserting (POST /floor/parties), \(count) connections",
                        subject: "a bare Hummingbird route sending pgbench's INSERT through PostgresNIO", result: bare,
                        baselineName: "raw pgbench INSERTs of the same event", baseline: raw.perSecond, baselineLatency: rawLatency))
                }

                if workersAfterCommands { group.addTask { try await worker.run() } }
                seeded = try await AssetSeed.seed(assets, owner: "tencent", store: store, logger: logger)
                try await AssetSeed.waitForProjection(client: client, count: seeded, logger: logger)
                let queries: [(name: String, cell: String, path: String, script: (Bool) -> Wrk.Script)] = [
                    ("GET /v1/ip-assets/{id}", "IP status (GET /v1/ip-assets/{id})", "/v1/ip-assets/", { .assetQuery(key: tencent, assets: seeded, typed: $0) }),
                    ("GET /v1/ip-assets?limit=20", "IP list (GET /v1/ip-assets?limit=20)", "/v1/ip-assets", { .assetList(key: tencent, typed: $0) }),
                ]
                // pgbench never looks at what its statement returns: the floor's statements must find
                // the seeded assets, or the floor would time empty lookups.
                try await FloorServer.expectAnswers(client: client, stream: "ipasset-bench-0", party: "tencent", logger: logger)
                for count in connections {
                    let trivialRun = try await wrk.run(url: "http://127.0.0.1:18182/trivial", connections: count, script: .plain)
                    let trivialLatency: (p50: Double?, p99: Double?) = (trivialRun.p50Milliseconds, trivialRun.p99Milliseconds)
                    var storedAsset: Wrk.Result?
                    for query in queries {
                        for typed in [false, true] {
                            let (result, rss) = try await PeakRSS.during {
                                try await wrk.run(url: "http://127.0.0.1:18181\(query.path)", connections: count, script: query.script(typed))
                            }
                            if query.path == "/v1/ip-assets/" && !typed { storedAsset = result }
                            let path = typed ? "typed" : "stored"
                            queryRows.append(Report.queryRow("\(query.name), \(path)", connections: count, trivial: trivialRun, query: result))
                            print(queryRows.last ?? "")
                            output.cells.append(.wrk(
                                "\(query.cell), \(path), \(count) connections",
                                subject: typed ? "the query through the typed handler (decode, render, encode)" : "the query from its stored answer, as bytes",
                                result: result, baselineName: "trivial Hummingbird route", baseline: trivialRun.requestsPerSecond,
                                baselineLatency: trivialLatency, peakRSSBytes: rss, rssOf: rssOf))
                        }
                    }
                    guard let stored = storedAsset else { throw BenchSetupError("the stored asset query was not measured") }
                    // The floor under the query, after the API's cells (the pool as warm as theirs):
                    // PostgreSQL alone (pgbench sending the stored-answer statement), and a bare
                    // route sending it through PostgresNIO.
                    let alone = try await pgbench.measure(clients: count, script: PgBench.assetAnswer(assets: seeded), variables: ["party": "tencent"])
                    let bare = try await wrk.run(
                        url: "http://127.0.0.1:18183/floor/ip-assets/", connections: count,
                        script: .assetQuery(key: tencent, assets: seeded, typed: false, path: "/floor/ip-assets/"))
                    floorRows.append(Report.floorRow(
                        "`GET /floor/ip-assets/{id}` (the stored-answer statement)", connections: count,
                        baselineName: "trivial route", baseline: trivialRun.requestsPerSecond, floor: bare, api: stored))
                    floorRows.append(Report.floorRow(
                        "pgbench, the stored-answer statement (PostgreSQL alone)", connections: count,
                        baselineName: "trivial route", baseline: trivialRun.requestsPerSecond, floor: nil,
                        alone: (alone.perSecond, alone.latencies.p50p99Ms.p99), api: stored))
                    floorRows.suffix(2).forEach { print($0) }
                    let aloneLatency = alone.latencies.p50p99Ms
                    output.cells.append(contentsOf: [
                        .wrk(
                            "floor: bare route querying (GET /floor/ip-assets/{id}), \(count) connections",
                            subject: "a bare Hummingbird route sending the stored-answer statement through PostgresNIO", result: bare,
                            baselineName: "trivial Hummingbird route", baseline: trivialRun.requestsPerSecond, baselineLatency: trivialLatency),
                        BenchCell(
                            benchmark: "api", cell: "floor: PostgreSQL alone (pgbench, the stored-answer statement), \(count) connections", unit: "queries/s",
                            subject: "pgbench sending the stored-answer statement, prepared", labledger: alone.perSecond,
                            baselineName: "trivial Hummingbird route", baseline: trivialRun.requestsPerSecond,
                            p50Ms: aloneLatency.p50, p99Ms: aloneLatency.p99,
                            baselineP50Ms: trivialLatency.p50, baselineP99Ms: trivialLatency.p99, errors: 0),
                    ])
                }

                // One client at a time from here: read-your-writes, then the long stream.
                let oneAtATime = OneAtATime(port: 18_181, key: admin)
                let positions = app.shared?.positions
                let parties = try await ReadYourWritesBench.parties(oneAtATime, rounds: rywRounds, positions: positions)
                output.cells.append(ReadYourWritesBench.cell("GET /v1/parties/{id} after POST /v1/parties", parties, rssOf: rssOf))
                var small = try await CommitmentSeed.create("bench-ryw", store: store)
                let commitment = try await ReadYourWritesBench.commitment(oneAtATime, seed: &small, rounds: rywRounds, positions: positions)
                output.cells.append(ReadYourWritesBench.cell(
                    "GET /v1/commitments/{id} after POST …/disbursements", commitment, rssOf: rssOf))
                rywRows = [("GET /v1/parties/{id}", parties), ("GET /v1/commitments/{id}", commitment)].map { name, result in
                    Report.readYourWritesRow(name, result)
                }
                rywRows.forEach { print($0) }
                var long = try await CommitmentSeed.create("bench-scaling", store: store)
                scaling = try await ScalingBench.measure(oneAtATime, seed: &long, lengths: streamLengths, commands: scalingCommands)
                output.cells.append(contentsOf: ScalingBench.cells(scaling, rssOf: rssOf))
            }

            // The console's pages on the demo story, one at a time, beside the API calls they make.
            if onlyConsole && workersAfterCommands { group.addTask { try await worker.run() } }
            if onlyConsole && consoleAssets > 0 {
                seeded = try await AssetSeed.seed(consoleAssets, owner: "tencent", store: store, logger: logger)
                try await AssetSeed.waitForProjection(client: client, count: seeded, logger: logger)
            }
            let demoKeys = try await ConsoleBench.loadDemo(store: store, keys: keys, logger: logger)
            let consoleResults = try await ConsoleBench.measure(port: 18_181, keys: demoKeys, requests: consoleRequests, warmUp: 10)
            let consoleRows = consoleResults.map(ConsoleBench.row)
            consoleRows.forEach { print($0) }
            output.cells.append(contentsOf: consoleResults.map { ConsoleBench.cell($0, rssOf: rssOf) })

            var document = "# API benchmark, console pages only (\(Date().formatted(.iso8601)))\n"
            if !onlyConsole {
                document = Report.document(
                    commands: commandRows, queries: queryRows, floor: floorRows, seconds: seconds, assets: seeded, workersDuringCommands: !workersAfterCommands,
                    gate: !noGate)
                document += Report.oneAtATime(readYourWrites: rywRows, scaling: scaling.map(Report.scalingRow), rounds: rywRounds)
            }
            document += ConsoleBench.document(consoleRows, requests: consoleRequests)
            print(document)
            if let report { try document.write(toFile: report, atomically: true, encoding: .utf8) }
            if let json { try output.write(to: json) }
        }
    }
}

struct BenchSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
