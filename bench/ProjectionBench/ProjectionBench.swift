import ArgumentParser
import BenchSupport
import EventStore
import Foundation
import LabLedgerHistory
import LabLedgerProjections
import LabLedgerReadModels
import LabLedgerSchema
import Logging
import PostgresNIO

/// Read-model rebuild throughput beside a raw INSERT ... SELECT of the same events, and lag
/// from commit to read model under 16 concurrent writers, on one durable PostgreSQL in one run.
@main
struct ProjectionBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labledger-projection-bench",
        abstract: "Projection rebuild throughput beside a raw SQL pass, and commit-to-read-model lag under load.")

    @Option(help: "Events in the generated history that is rebuilt.")
    var events = 1_000_000

    @Option(help: "Events appended while lag is measured.")
    var lagEvents = 100_000

    @Option(help: "Concurrent writers while loading and while lag is measured.")
    var writers = 16

    @Option(parsing: .upToNextOption, help: "Aggregate append rates (appends/s) at which lag is measured besides flat out.")
    var lagRates: [Double] = [250, 500, 1000]

    @Option(parsing: .upToNextOption, help: "How the lag cells see checkpoints move: listen (the workers' checkpoint notices, as read-your-writes waits for them) and/or poll (the projections table every 2 ms). Each settles every append on its own; the first is reported as the lag, the others beside it.")
    var lagProbes: [LagMeasurement.Probe] = [.listen]

    @Option(parsing: .upToNextOption, help: "Disbursements one commitment is grown to, at each of which the funding projection's time per new disbursement is measured (none: skip).")
    var scalingLengths: [Int] = [10, 1_000, 10_000]

    @Option(help: "Documents each projection runner keeps in memory between pages (ProjectionWorkerOptions.documentCacheLimit; default: the worker's).")
    var documentCache: Int?

    @Option(help: "Events per transaction while filling rebuilt tables and catching up (ProjectionWorkerOptions.rebuildBatchSize, at most 100,000; default: the worker's).")
    var rebuildBatchSize: Int?

    @Flag(help: "Rebuilds write every stream's rows with each batch, as before they were left to the rebuild's end (ProjectionWorkerOptions.rebuildRowsAtEnd false), for comparison.")
    var rowsPerBatch = false

    func validate() throws {
        if lagProbes.isEmpty || Set(lagProbes).count != lagProbes.count {
            throw ValidationError("--lag-probes takes listen, poll or both, each once.")
        }
        if let rebuildBatchSize, !(1...ProjectionWorkerOptions.maxRebuildBatchSize).contains(rebuildBatchSize) {
            throw ValidationError("--rebuild-batch-size must be between 1 and \(ProjectionWorkerOptions.maxRebuildBatchSize).")
        }
    }

    @Option(help: "Write the markdown report here as well as to standard output.")
    var report: String?

    @Option(help: "Write every cell as JSON here (figures, ratios, lag p50/p99, peak RSS), for bench/run.")
    var json: String?

    var workerOptions: ProjectionWorkerOptions {
        var options = ProjectionWorkerOptions()
        if let documentCache { options.documentCacheLimit = documentCache }
        if let rebuildBatchSize { options.rebuildBatchSize = rebuildBatchSize }
        options.rebuildRowsAtEnd = !rowsPerBatch
        return options
    }

    func run() async throws {
        var logger = Logger(label: "labledger.projection-bench")
        logger.logLevel = .warning
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("labledger-pbench-\(getpid())")
        let cluster = EmbeddedPostgres(dataDirectory: root.appendingPathComponent("pgdata"), binaries: try PostgresBinaries.locate(), logger: logger)
        let started = try await cluster.start()
        defer {
            cluster.stopImmediately()
            try? FileManager.default.removeItem(at: root)
        }
        var output = BenchReport(benchmark: "projections", settings: [
            "events": "\(events)", "lagEvents": "\(lagEvents)", "writers": "\(writers)",
            "lagRates": lagRates.map { "\(Int($0))" }.joined(separator: " "),
            "cluster": "embedded, durable (fsync and synchronous_commit on)",
            "documentCache": "\(workerOptions.documentCacheLimit) documents per projection and target",
            "rebuildBatchSize": "\(workerOptions.rebuildBatchSize) events per transaction while rebuilding",
            "rebuildRows": workerOptions.rebuildRowsAtEnd ? "written once, at the rebuild's end" : "written with each batch",
        ])
        let rssOf = "the bench process, which runs the seven projection workers (and, while lag is measured, the writers)"
        var lines: [String] = []
        func say(_ line: String) {
            print(line)
            lines.append(line)
        }
        say("# Projection benchmark\n")
        say("Durable embedded PostgreSQL (fsync on), \(ProcessInfo.processInfo.activeProcessorCount) cores; \(Date()).\n")

        let rebuild = try await DatabaseSetup.provision(
            superuser: started.superuser, database: "rebuild", migrations: LabLedgerSchema.migrations(), logger: logger)
        let generationStart = ContinuousClock.now
        var history = Array(HistoryGenerator(seed: 1, events: events))
        let total = history.reduce(0) { $0 + $1.events.count }
        say("Generated \(total) events in \(history.count) appends in \(Self.seconds(ContinuousClock.now - generationStart)) s.")

        try await Self.withStore(rebuild.app, logger: logger) { store in
            let loadStart = ContinuousClock.now
            try await HistoryLoad(store: store, writers: writers).run(history)
            say("Loaded them with \(writers) writers in \(Self.seconds(ContinuousClock.now - loadStart)) s.\n")

            let raw = try await Self.rawPass(rebuild.owner, logger: logger)
            let expected = Dictionary(uniqueKeysWithValues: ReadModels.all.map { projection in
                (projection.name, Int64(history.flatMap(\.events).filter { projection.eventTypes.contains($0.type) }.count))
            })
            // The generated history is not needed any more: it would only swell the resident set.
            history = []
            // Each way twice, in the order A B B A, and the faster of each: neither gains from
            // coming after the other in a warmer cache.
            var floors: [PageScan: [ReadFloor.Measurement]] = [:]
            for scan in [PageScan.byType, .inOrder, .inOrder, .byType] {
                floors[scan, default: []].append(try await ReadFloor.measure(store, expected: expected, scan: scan, logger: logger))
            }
            let fastest = { (scan: PageScan) in floors[scan, default: []].min { $0.seconds < $1.seconds } ?? .init(seconds: 0, backendCPU: 0) }
            let worker = ProjectionWorker(projectors: ReadModels.all.map(StreamProjector.init), store: store, options: workerOptions, logger: logger)
            PeakRSS.reset()
            let running = Task { try await worker.run() }
            defer { running.cancel() }
            let firstBuild = try await Self.waitFor(rebuild.app, logger: logger) { statuses in
                statuses.count == expected.count && statuses.allSatisfy { $0.eventsApplied == expected[$0.name] && $0.lagEvents == 0 }
            }
            let firstBuildRSS = PeakRSS.read()
            PeakRSS.reset()
            try await DatabaseSetup.withConnection(rebuild.app, logger: logger) { connection in
                for projection in ReadModels.all {
                    try await ProjectionControl.requestRebuild(projection.name, on: connection, logger: logger)
                }
            }
            let rebuilt = try await Self.waitFor(rebuild.app, logger: logger) { statuses in
                statuses.allSatisfy { $0.generation == 2 && $0.rebuild == nil }
            }
            let rebuiltRSS = PeakRSS.read()
            let rawRate = Double(total) / raw
            say("## Rebuild of all seven read models over \(total) events\n")
            say("| pass | seconds | events/s | ÷ raw pass |")
            say("|---|---:|---:|---:|")
            say("| raw `INSERT INTO copy SELECT … FROM events` | \(Self.format(raw)) | \(Int(rawRate)) | 100% |")
            // The floor read both ways, each beside the raw pass with its backends' CPU.
            let floorCells = [
                ("the floor: each projection's events read into the process as its runner reads them, all seven at once, nothing done with them",
                 "read floor", "each projection's events read as its runner reads them in a rebuild, all seven at once, nothing done with them",
                 fastest(.byType)),
                ("the same read in order, passing over other types' events (as live pages read)", "read floor in order",
                 "each projection's events read in gap-safe order, passing over other types', all seven at once", fastest(.inOrder)),
            ]
            for (label, cell, subject, floor) in floorCells {
                let rate = Double(total) / floor.seconds
                say("| \(label); its PostgreSQL backends' CPU \(String(format: "%.2f", floor.backendCPU)) s | \(Self.format(floor.seconds)) | \(Int(rate)) | \(String(format: "%.0f%%", 100 * rate / rawRate)) |")
                output.cells.append(BenchCell(
                    benchmark: "projections", cell: "\(cell), \(total) events", unit: "events/s", subject: subject,
                    labledger: rate, baselineName: "raw INSERT … SELECT of the same events", baseline: rawRate,
                    extra: ["seconds": floor.seconds, "rawSeconds": raw, "events": Double(total), "backendCPUSeconds": floor.backendCPU]))
            }
            let passes = [
                ("first build (workers start on empty tables)", "first build", firstBuild, firstBuildRSS),
                ("`labledger rebuild --all` (fresh tables, swap)", "rebuild --all", rebuilt, rebuiltRSS),
            ]
            for (label, cell, seconds, rss) in passes {
                let rate = Double(total) / seconds
                say("| \(label) | \(Self.format(seconds)) | \(Int(rate)) | \(String(format: "%.0f%%", 100 * rate / rawRate)) |")
                output.cells.append(BenchCell(
                    benchmark: "projections", cell: "\(cell), \(total) events", unit: "events/s",
                    subject: "all seven read models built from the events", labledger: rate,
                    baselineName: "raw INSERT … SELECT of the same events", baseline: rawRate, peakRSSBytes: rss, rssOf: rssOf,
                    extra: ["seconds": seconds, "rawSeconds": raw, "events": Double(total)]))
            }
            say("\nThe seven projections run concurrently (one worker each) and each reads only its event types; events/s is the history's size over the wall time until all seven were swapped in.\n")
        }

        say("## Lag from commit to read model, \(writers) writers\n")
        say("| load | appends | events | events/s appended | lag p50 | lag p99 | lag max | append p50 | append p99 |")
        say("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        var perProjection: [String] = []
        var besides: [String] = []
        for (index, rate) in ([nil] + lagRates.map(Optional.some)).enumerated() {
            // A fresh database per load, so every measurement starts from the same empty models.
            let lagDatabase = try await DatabaseSetup.provision(
                superuser: started.superuser, database: "lag\(index)", migrations: LabLedgerSchema.migrations(), logger: logger)
            let lagHistory = Array(HistoryGenerator(seed: 2, events: rate.map { min(lagEvents, Int($0 * 20)) } ?? lagEvents))
            try await Self.withStore(lagDatabase.app, logger: logger) { store in
                let worker = ProjectionWorker(projectors: ReadModels.all.map(StreamProjector.init), store: store, options: workerOptions, logger: logger)
                let running = Task { try await worker.run() }
                defer { running.cancel() }
                _ = try await Self.waitFor(lagDatabase.app, logger: logger) { $0.count == ReadModels.all.count }
                let (result, rss) = try await PeakRSS.during {
                    try await LagMeasurement(store: store, database: lagDatabase.app, writers: writers, rate: rate, probes: lagProbes, logger: logger)
                        .run(lagHistory)
                }
                let load = rate.map { "\(Int($0)) appends/s" } ?? "as fast as they can"
                output.cells.append(BenchCell(
                    benchmark: "projections", cell: "lag, \(writers) writers, \(rate.map { "\(Int($0)) appends/s" } ?? "flat out")",
                    unit: "events/s appended", subject: "commit-to-read-model lag while writers append", labledger: result.eventsPerSecond,
                    baselineName: nil, baseline: nil, p50Ms: result.p50 * 1000, p99Ms: result.p99 * 1000, peakRSSBytes: rss, rssOf: rssOf,
                    extra: [
                        "lagMaxMs": result.max * 1000, "appends": Double(result.appends), "events": Double(result.events),
                        "appendP50Ms": result.appendP50 * 1000, "appendP99Ms": result.appendP99 * 1000,
                    ].merging(result.byProbe.flatMap { probe, figures in
                        [("\(probe.rawValue)P50Ms", figures.p50 * 1000), ("\(probe.rawValue)P99Ms", figures.p99 * 1000), ("\(probe.rawValue)MaxMs", figures.max * 1000)]
                    }) { first, _ in first }))
                say("| \(load) | \(result.appends) | \(result.events) | \(Int(result.eventsPerSecond)) | \(Self.millis(result.p50)) | \(Self.millis(result.p99)) | \(Self.millis(result.max)) | \(Self.millis(result.appendP50)) | \(Self.millis(result.appendP99)) |")
                for probe in lagProbes.dropFirst() {
                    if let figures = result.byProbe[probe] {
                        besides.append("| \(load) | \(probe.rawValue) | \(Self.millis(figures.p50)) | \(Self.millis(figures.p99)) | \(Self.millis(figures.max)) |")
                    }
                }
                perProjection.append("| \(load) | " + result.projectionP99.sorted { $0.key < $1.key }.map { "\($0.key) \(Self.millis($0.value))" }.joined(separator: ", ") + " |")
            }
        }
        if !besides.isEmpty {
            say("\nThe same appends settled by the other probes in the same run:\n")
            say("| load | probe | lag p50 | lag p99 | lag max |")
            say("|---|---|---:|---:|---:|")
            besides.forEach(say)
        }
        say("\nEach projection's own lag p99, over the appends of the event types it reads:\n")
        say("| load | lag p99 per projection |")
        say("|---|---|")
        perProjection.forEach(say)
        say("\nLag of an append: from its `append` returning to the moment every read model reading its event types has moved its checkpoint past it, \(lagProbes[0] == .listen ? "seen by LISTENing for the workers' checkpoint notices" : "seen by reading the projections table every 2 ms"); append p50/p99: the appends' own latency, sent to returned, in the same run. Paced loads run about 20 s each.")

        if !scalingLengths.isEmpty {
            let scalingDatabase = try await DatabaseSetup.provision(
                superuser: started.superuser, database: "scaling", migrations: LabLedgerSchema.migrations(), logger: logger)
            let points = try await Self.withStore(scalingDatabase.app, logger: logger) { store in
                try await CommitmentScaling(store: store, database: scalingDatabase.app, logger: logger).run(lengths: scalingLengths)
            }
            say("\n## One commitment grown long: the funding projection's time per new disbursement\n")
            say("| disbursements in the stream | probes | p50 | p99 | p50 ÷ p50 at the shortest |")
            say("|---:|---:|---:|---:|---:|")
            let shortest = points.first?.samples.percentileMs(50)
            for point in points {
                let (p50, p99) = point.samples.p50p99Ms
                say("| \(point.length) | \(point.samples.count) | \(p50.map { String(format: "%.2f ms", $0) } ?? "-") | \(p99.map { String(format: "%.2f ms", $0) } ?? "-") | \(p50.flatMap { value in shortest.map { String(format: "%.2f", value / $0) } } ?? "-") |")
                // As a rate (one disbursement at a time, 1 / p50), beside the same at the
                // shortest length: the ratio is how much of its speed the stream keeps as it grows.
                output.cells.append(BenchCell(
                    benchmark: "projections", cell: "commitment of \(point.length) disbursements", unit: "disbursements/s, one at a time",
                    subject: "funding projection, append → checkpoint past the new disbursement",
                    labledger: p50.map { 1000 / $0 }, baselineName: "the same at \(points.first?.length ?? 0) disbursements",
                    baseline: shortest.map { 1000 / $0 }, p50Ms: p50, p99Ms: p99, extra: ["length": Double(point.length)]))
            }
            say("\nEach probe appends one disbursement and waits for the funding checkpoint to pass it (polled every 0.5 ms), with only the funding projection running. Target: p50 at 10,000 within 2× of at 10.")
        }
        if let report {
            try lines.joined(separator: "\n").write(toFile: report, atomically: true, encoding: .utf8)
        }
        if let json { try output.write(to: json) }
    }

    static func withStore<T: Sendable>(_ config: DatabaseConfig, logger: Logger, _ body: (PostgresEventStore) async throws -> T) async throws -> T {
        let client = PostgresClient(configuration: config.clientConfiguration(maximumConnections: 40), backgroundLogger: logger)
        let store = PostgresEventStore(client: client, database: config, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(store)
        }
    }

    /// Seconds for the raw pass: the same events into one table with one statement.
    static func rawPass(_ owner: DatabaseConfig, logger: Logger) async throws -> Double {
        try await DatabaseSetup.withConnection(owner, logger: logger) { connection in
            try await connection.query(
                "CREATE TABLE raw_pass (global_position bigint, stream_id text, event_type text, data jsonb)", logger: logger)
            let start = ContinuousClock.now
            try await connection.query(
                "INSERT INTO raw_pass SELECT global_position, stream_id, event_type, data FROM events ORDER BY transaction_id, global_position",
                logger: logger)
            return seconds(ContinuousClock.now - start)
        }
    }

    /// Seconds until `done` holds for the projections' statuses.
    static func waitFor(_ config: DatabaseConfig, logger: Logger, _ done: ([ProjectionStatus]) -> Bool) async throws -> Double {
        let start = ContinuousClock.now
        return try await DatabaseSetup.withConnection(config, logger: logger) { connection in
            while true {
                if done(try await ProjectionStatus.all(on: connection, logger: logger)) { return seconds(ContinuousClock.now - start) }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func format(_ seconds: Double) -> String { String(format: "%.1f", seconds) }
    static func millis(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }
}
