import ArgumentParser
import BenchSupport
import EventStore
import Foundation
import LabLedgerAudit
import LabLedgerSchema
import Logging
import PostgresNIO

/// The transparency log's costs beside raw PostgreSQL on one durable cluster in one run
/// (issue 12, "Speed and memory"): the sequencer's checkpoint lag under 16 writers, proofs at
/// the full log size, `verify`, and the evidence-bundle export with its peak memory.
@main
struct AuditBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labledger-audit-bench",
        abstract: "Sequencer lag, proofs, verify and export of the transparency log beside raw PostgreSQL.")

    @Option(help: "Events in the log for proofs, sequencing, verify and export.")
    var events = 1_000_000

    @Option(help: "Events in the smaller export whose peak RSS is compared with the full one's.")
    var smallEvents = 100_000

    @Option(help: "Seconds each writer phase of the lag measurement runs.")
    var lagSeconds = 10.0

    @Option(help: "Concurrent writers while lag is measured.")
    var writers = 16

    @Option(help: "Events per append while lag is measured.")
    var lagBatch = 1

    @Option(help: "The sequencer's checkpoint interval in milliseconds (serve's default: 500).")
    var checkpointIntervalMs = 500

    @Option(help: "Proofs of each kind timed (and as many baseline SELECTs).")
    var proofs = 2_000

    @Option(help: "Writers of the bulk load that fills the log.")
    var loadWriters = 4

    @Option(help: "Events per append in the bulk load (the store's maximum is 1000).")
    var loadBatch = 1_000

    @Option(help: "The labledger binary whose `export` is measured. Default: the one beside this binary.")
    var labledger: String?

    @Flag(help: "Leave the cluster running with its data at the end (for profiling `labledger export` and `verify` against it).")
    var keepCluster = false

    @Option(help: "Write the markdown report here as well as to standard output.")
    var report: String?

    @Option(help: "Write every cell as JSON here, for bench/run.")
    var json: String?

    func validate() throws {
        guard smallEvents > 0, smallEvents < events else { throw ValidationError("--small-events must be between 0 and --events") }
        guard proofs > 0, writers > 0, loadWriters > 0, (1...1_000).contains(loadBatch), lagBatch >= 1 else {
            throw ValidationError("counts must be positive, --load-batch at most 1000")
        }
    }

    func run() async throws {
        var quiet = Logger(label: "labledger.audit-bench")
        quiet.logLevel = .warning
        let logger = quiet
        let exportBinary = labledger
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("labledger").path
        guard FileManager.default.isExecutableFile(atPath: exportBinary) else {
            throw ValidationError("no labledger binary at \(exportBinary): build it (swift build -c release --product labledger) or pass --labledger")
        }
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("labledger-abench-\(getpid())")
        let binaries = try PostgresBinaries.locate()
        // Durable like production: fsync and synchronous commit on.
        let cluster = EmbeddedPostgres(dataDirectory: root.appendingPathComponent("pgdata"), binaries: binaries, logger: logger)
        let started = try await cluster.start()
        let keep = keepCluster
        defer {
            if !keep {
                cluster.stopImmediately()
                try? FileManager.default.removeItem(at: root)
            }
        }
        let database = try await DatabaseSetup.provision(
            superuser: started.superuser, database: "bench", migrations: LabLedgerSchema.migrations(), logger: logger)
        try await DatabaseSetup.withConnection(database.owner, logger: logger) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: Payload.rawTable), logger: logger)
        }
        let signer = try CheckpointSigner.load(origin: "labledger.bench/audit", keyFile: root.appendingPathComponent("log.key").path)
        let interval = Duration.milliseconds(checkpointIntervalMs)
        // Plain values for the @Sendable closures below.
        let (writers, lagBatch, lagSeconds) = (self.writers, self.lagBatch, self.lagSeconds)

        var output = BenchReport(benchmark: "audit", settings: [
            "events": "\(events)", "smallEvents": "\(smallEvents)", "lagSeconds": "\(lagSeconds)", "writers": "\(writers)",
            "lagBatch": "\(lagBatch)", "checkpointIntervalMs": "\(checkpointIntervalMs)", "proofs": "\(proofs)",
            "load": "\(loadWriters) writers x \(loadBatch) events per append",
            "cluster": "embedded, durable (fsync and synchronous_commit on)",
        ])
        var lines: [String] = []
        func say(_ line: String) {
            print(line)
            lines.append(line)
        }
        say("# Transparency log benchmark\n")
        say("Durable embedded PostgreSQL, \(ProcessInfo.processInfo.activeProcessorCount) cores; \(Date()); load \(BenchLoad.now).\n")

        let client = PostgresClient(configuration: database.app.clientConfiguration(maximumConnections: writers + 6), backgroundLogger: logger)
        let ownerClient = PostgresClient(configuration: database.owner.clientConfiguration(maximumConnections: writers + 2), backgroundLogger: logger)
        let store = PostgresEventStore(client: client, database: database.app, logger: logger)
        let log = AuditLog(client: client, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            group.addTask { await ownerClient.run() }
            defer { group.cancelAll() }

            // 1. Checkpoint lag at `writers` writers, beside raw INSERTs through the same driver.
            say("## Sequencer: checkpoint lag at \(writers) writers, \(lagBatch) event(s) per append, \(lagSeconds) s per phase\n")
            let (rawRate, rawLatency) = try await Writers.rawDriverInserts(
                client: ownerClient, writers: writers, batch: lagBatch, seconds: lagSeconds, logger: logger)
            say("- raw INSERTs via postgres-nio: \(Int(rawRate)) events/s")
            let alone = try await Writers.storeAppends(store: store, writers: writers, batch: lagBatch, seconds: lagSeconds, tag: "alone")
            say("- store append, no sequencer running: \(Int(alone.eventsPerSecond)) events/s")
            let watch = CheckpointWatch()
            let (withSequencer, lag, sequencerRSS) = try await SequencerRun.whileRunning(
                store: store, signer: signer, interval: interval, logger: logger
            ) { () async throws -> (Double, LatencySamples, Int) in
                // The events appended without a sequencer are sequenced first: wait for them, so
                // the lag below is that of a sequencer keeping up, not catching up.
                let before = try await Self.eventCount(client, logger: logger)
                try await SequencerRun.waitForCheckpoint(covering: before, client: client, timeout: .seconds(600), logger: logger)
                let watching = Task { await watch.run(client: client, every: .milliseconds(5), logger: logger) }
                defer { watching.cancel() }
                let (appended, rss) = try await PeakRSS.during {
                    try await Writers.storeAppends(store: store, writers: writers, batch: lagBatch, seconds: lagSeconds, tag: "seq")
                }
                let total = try await Self.eventCount(client, logger: logger)
                try await SequencerRun.waitForCheckpoint(covering: total, client: client, every: .milliseconds(5), timeout: .seconds(120), logger: logger)
                try await Task.sleep(for: .milliseconds(20))
                let indexes = try await logIndexes(of: appended.commits.map(\.position), client: client, logger: logger)
                var lag = LatencySamples()
                for commit in appended.commits {
                    guard let index = indexes[commit.position], let signed = watch.firstCovering(index) else {
                        throw BenchFailure("event at position \(commit.position) was not covered by a checkpoint")
                    }
                    lag.record(signed - commit.at)
                }
                return (appended.eventsPerSecond, lag, rss)
            }
            let lagPercentiles = lag.p50p99Ms
            let rawPercentiles = rawLatency.p50p99Ms
            say("- store append with the sequencer running: \(Int(withSequencer)) events/s (\(Self.percent(withSequencer / rawRate)) of raw); \(watch.count) checkpoints seen")
            say("- checkpoint lag over \(lag.count) appends: p50 \(Self.ms(lagPercentiles.p50)), p99 \(Self.ms(lagPercentiles.p99)), max \(Self.ms(lag.percentileMs(100))) (target p99 < 1 s)\n")
            output.cells.append(BenchCell(
                benchmark: "audit", cell: "checkpoint lag, \(writers) writers (p50/p99 = commit to signed checkpoint)", unit: "events/s",
                subject: "PostgresEventStore.append while LogSequencer runs (interval \(checkpointIntervalMs) ms)", labledger: withSequencer,
                baselineName: "raw INSERTs via postgres-nio", baseline: rawRate, p50Ms: lagPercentiles.p50, p99Ms: lagPercentiles.p99,
                baselineP50Ms: rawPercentiles.p50, baselineP99Ms: rawPercentiles.p99, peakRSSBytes: sequencerRSS,
                rssOf: "the bench process (writers and sequencer)",
                extra: [
                    "storeWithoutSequencerEventsPerSecond": alone.eventsPerSecond, "lagMaxMs": lag.percentileMs(100) ?? 0,
                    "appends": Double(lag.count), "checkpointsSeen": Double(watch.count),
                ]))

            // 2. Fill the log: bulk appends with the sequencer stopped, then time the sequencer catching up.
            let already = Int(try await Self.eventCount(client, logger: logger))
            say("## Filling the log to \(events) events\n")
            let loadStart = ContinuousClock.now
            try await Writers.bulkLoad(store: store, total: events, already: already, writers: loadWriters, batch: loadBatch)
            let loadSeconds = (ContinuousClock.now - loadStart).seconds
            let total = try await Self.eventCount(client, logger: logger)
            say("- appended \(Int(total) - already) events through the store in \(Self.seconds(loadSeconds)) (\(Int(Double(Int(total) - already) / loadSeconds)) events/s)")
            let signedBefore = try await SequencerRun.signedSize(client, logger: logger)
            let (sequenceSeconds, sequenceRSS) = try await PeakRSS.during {
                try await SequencerRun.whileRunning(store: store, signer: signer, interval: interval, logger: logger) {
                    let begun = ContinuousClock.now
                    try await SequencerRun.waitForCheckpoint(covering: total, client: client, every: .milliseconds(50), timeout: .seconds(3_600), logger: logger)
                    return (ContinuousClock.now - begun).seconds
                }
            }
            let sequenced = Double(total - signedBefore)
            say("- the sequencer sequenced and signed \(Int(sequenced)) events in \(Self.seconds(sequenceSeconds)): \(Int(sequenced / sequenceSeconds)) events/s\n")

            // 3. COPY of the rows, the baseline of sequencing, verify and export. The tables are
            // vacuumed first, as autovacuum would have them in a settled system: without it the
            // export was the first to read the freshly written log tables (setting their hint
            // bits) while autovacuum started on them, and took 30 s where it took 4.4 s on the
            // same data a minute later, against a COPY of already-read rows.
            say("- VACUUM (ANALYZE) of events and the log tables before the baseline and the reads: \(Self.seconds(try await Self.vacuum(database.owner, logger: logger)))\n")
            let copyFile = root.appendingPathComponent("copy.txt").path
            let copy = try ChildProcess.run(
                binaries.path("psql"),
                ["-X", "-q", "-v", "ON_ERROR_STOP=1", database.owner.url(includingPassword: true), "-c", Self.copySQL],
                stdoutPath: copyFile, captureOutput: false)
            guard copy.status == 0 else { throw BenchFailure("psql COPY failed with status \(copy.status)") }
            let copyBytes = (try? FileManager.default.attributesOfItem(atPath: copyFile)[.size] as? Int) ?? 0
            try? FileManager.default.removeItem(atPath: copyFile)
            let copyRate = Double(total) / copy.seconds
            say("## Baseline: psql `COPY (SELECT <the event columns> FROM events ORDER BY transaction_id, global_position) TO STDOUT` into a file\n")
            say("- \(total) rows, \(copyBytes / 1_048_576) MiB in \(Self.seconds(copy.seconds)): \(Int(copyRate)) rows/s (psql's CPU: \(Self.seconds(copy.userSeconds + copy.systemSeconds)))\n")
            // With sizes below what the lag phase appends (--quick) there is nothing to catch up on.
            if sequenced > 0 { output.cells.append(BenchCell(
                benchmark: "audit", cell: "sequence \(Int(sequenced)) events (catching up)", unit: "events/s",
                subject: "LogSequencer: entries, subtrees and a signed checkpoint", labledger: sequenced / sequenceSeconds,
                baselineName: "psql COPY of the same rows", baseline: copyRate, peakRSSBytes: sequenceRSS, rssOf: "the bench process (the sequencer)",
                extra: ["seconds": sequenceSeconds, "bulkLoadEventsPerSecond": Double(Int(total) - already) / loadSeconds])) }

            // 4. Proofs at the full tree, the API's way, beside a single-row SELECT.
            let treeSize = try await SequencerRun.signedSize(client, logger: logger)
            say("## Proofs at \(treeSize) leaves, \(proofs) of each, one at a time\n")
            let select = try await Proofs.singleRowSelects(client: client, count: proofs, treeSize: treeSize, logger: logger)
            let (inclusion, inclusionRSS) = try await PeakRSS.during {
                try await Proofs.inclusion(log: log, client: client, count: proofs, treeSize: treeSize, logger: logger)
            }
            let (consistency, consistencyRSS) = try await PeakRSS.during { try await Proofs.consistency(log: log, count: proofs, treeSize: treeSize) }
            let selectP = select.latencies.p50p99Ms
            for (name, measured, subject, rss) in [
                ("inclusion", inclusion, "inclusion proof as the API answers it (log index by event id, newest checkpoint, AuditLog.inclusionProof)", inclusionRSS),
                ("consistency", consistency, "AuditLog.consistencyProof (random from < to)", consistencyRSS),
            ] {
                let p = measured.latencies.p50p99Ms
                say("- \(name): \(Int(measured.perSecond))/s, p50 \(Self.ms(p.p50)), p99 \(Self.ms(p.p99)) (target p99 < 5 ms); single-row SELECT \(Int(select.perSecond))/s, p50 \(Self.ms(selectP.p50)), p99 \(Self.ms(selectP.p99))")
                output.cells.append(BenchCell(
                    benchmark: "audit", cell: "\(name) proofs at \(treeSize) leaves", unit: "proofs/s", subject: subject,
                    labledger: measured.perSecond, baselineName: "single-row indexed SELECT on the same pool", baseline: select.perSecond,
                    p50Ms: p.p50, p99Ms: p.p99, baselineP50Ms: selectP.p50, baselineP99Ms: selectP.p99,
                    peakRSSBytes: rss, rssOf: "the bench process (the pool and AuditLog)"))
            }
            say("")

            // 5. verify, as `labledger verify` runs it: every stream's chain, then the log.
            say("## verify of \(total) events (what `labledger verify` runs)\n")
            let verifier = try LogVerifier(store: store, verifierKey: signer.verifierKey, logger: logger)
            let ((chainSeconds, logSeconds), verifyRSS) = try await PeakRSS.during { () async throws -> (Double, Double) in
                let chainStart = ContinuousClock.now
                let chains = try await store.verifyAll()
                let chainSeconds = (ContinuousClock.now - chainStart).seconds
                guard chains.isIntact, chains.eventsChecked == Int(total) else { throw BenchFailure("the chains do not verify: \(chains)") }
                let logStart = ContinuousClock.now
                let verified = try await verifier.verify()
                let logSeconds = (ContinuousClock.now - logStart).seconds
                guard verified.firstProblem == nil, verified.leavesChecked == total else {
                    throw BenchFailure("the log does not verify: \(String(describing: verified.firstProblem))")
                }
                return (chainSeconds, logSeconds)
            }
            let verifyRate = Double(total) / (chainSeconds + logSeconds)
            say("- chains (PostgresEventStore.verifyAll): \(Self.seconds(chainSeconds)), \(Int(Double(total) / chainSeconds)) events/s")
            say("- log (LogVerifier.verify): \(Self.seconds(logSeconds)), \(Int(Double(total) / logSeconds)) events/s")
            say("- together: \(Int(verifyRate)) events/s, \(Self.percent(verifyRate / copyRate)) of COPY\n")
            output.cells.append(BenchCell(
                benchmark: "audit", cell: "verify \(total) events", unit: "events/s",
                subject: "labledger verify: PostgresEventStore.verifyAll, then LogVerifier.verify", labledger: verifyRate,
                baselineName: "psql COPY of the same rows", baseline: copyRate, peakRSSBytes: verifyRSS, rssOf: "the bench process (the verifier)",
                extra: [
                    "chainsEventsPerSecond": Double(total) / chainSeconds, "logEventsPerSecond": Double(total) / logSeconds,
                    "chainsSeconds": chainSeconds, "logSeconds": logSeconds,
                ]))

            // 6. The export, in a child process of its own (its peak RSS is its own), small and full.
            say("## Export (`labledger export`, release build, a child process)\n")
            let small = try await Self.recordedPeriod(upTo: Int64(smallEvents), client: client, logger: logger)
            var rssSmall = 0
            for (name, from, to) in [("small", small.from, small.to), ("full", "2000-01-01", "2100-01-01")] {
                let file = root.appendingPathComponent("bundle-\(name).ndjson").path
                let result = try ChildProcess.run(exportBinary, [
                    "export", "--database-url", database.owner.url(includingPassword: true), "--log-level", "warning",
                    "--from", from, "--to", to, "--axis", "recorded", "--out", file, "--public-key", signer.verifierKey,
                ], stdoutPath: root.appendingPathComponent("export-\(name).out").path, stderrPath: root.appendingPathComponent("export-\(name).err").path)
                let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
                try? FileManager.default.removeItem(atPath: file)
                guard result.status == 0, let count = Self.exportedCount(result.output) else {
                    let errors = (try? String(contentsOfFile: root.appendingPathComponent("export-\(name).err").path, encoding: .utf8)) ?? ""
                    throw BenchFailure("labledger export failed (status \(result.status)): \(result.output) \(errors)")
                }
                let rate = Double(count) / result.seconds
                if name == "small" { rssSmall = result.peakRSSBytes }
                let growth = name == "full" && rssSmall > 0 ? Double(result.peakRSSBytes) / Double(rssSmall) : nil
                say("- \(count) events, \(bytes / 1_048_576) MiB in \(Self.seconds(result.seconds)): \(Int(rate)) events/s, \(Self.percent(rate / copyRate)) of COPY; peak RSS \(result.peakRSSBytes / 1_048_576) MiB"
                    + (growth.map { " (\(Self.percent($0)) of the small export's; target within 10%)" } ?? "")
                    + "; CPU \(Self.seconds(result.userSeconds)) user + \(Self.seconds(result.systemSeconds)) system")
                var extra: [String: Double] = [
                    "events": Double(count), "seconds": result.seconds, "bytes": Double(bytes),
                    "userCPUSeconds": result.userSeconds, "systemCPUSeconds": result.systemSeconds,
                ]
                if let growth { extra["peakRSSRatioToSmallExport"] = growth }
                output.cells.append(BenchCell(
                    benchmark: "audit", cell: "export \(count) events", unit: "events/s",
                    subject: "labledger export (evidence bundle, recorded axis) in a child process", labledger: rate,
                    baselineName: "psql COPY of the same rows (the whole table)", baseline: copyRate, peakRSSBytes: result.peakRSSBytes,
                    rssOf: "the labledger export process (wait4's ru_maxrss)", extra: extra))
            }
            say("")
        }
        say("Load at the end: \(BenchLoad.now).")
        if keepCluster {
            say("Cluster kept: --database-url '\(database.owner.url(includingPassword: true))' --public-key '\(signer.verifierKey)'")
            say("Stop it with (as root: runuser -u postgres -- …): \(binaries.path("pg_ctl")) stop -D \(root.appendingPathComponent("pgdata").path) -m fast")
        }
        if let report { try (lines.joined(separator: "\n") + "\n").write(toFile: report, atomically: true, encoding: .utf8) }
        if let json { try output.write(to: json) }
    }

    /// The columns a reader of every event needs, in the gap-safe order (the store's read). The
    /// ORDER BY names the table's column: an unqualified `transaction_id` would sort the
    /// `transaction_id::text` output column as text ("990" after "1562"), as it did until
    /// 2026-12-05, which gave this baseline the wrong order (its effect on speed is not measured).
    static let copySQL = """
        COPY (SELECT global_position, stream_id, stream_version, event_id, event_type, schema_version,
                     data::text, metadata::text,
                     floor(extract(epoch FROM occurred_at) * 1000000)::bigint,
                     floor(extract(epoch FROM recorded_at) * 1000000)::bigint,
                     e.transaction_id::text, hash
              FROM events e ORDER BY e.transaction_id, e.global_position) TO STDOUT
        """

    static func eventCount(_ client: PostgresClient, logger: Logger) async throws -> Int64 {
        for try await count in try await client.query("SELECT count(*) FROM events", logger: logger).decode(Int64.self) { return count }
        return 0
    }

    /// A recorded-at period holding about the first `leaves` leaves: from the earliest
    /// recorded_at to that of leaf `leaves` (excluded).
    /// Vacuums and analyses the tables every read here touches; answers the seconds it took.
    static func vacuum(_ owner: DatabaseConfig, logger: Logger) async throws -> Double {
        let begun = ContinuousClock.now
        try await DatabaseSetup.withConnection(owner, logger: logger) { connection in
            try await connection.query("VACUUM (ANALYZE) events, log_entries, log_subtrees, log_checkpoints", logger: logger)
        }
        return (ContinuousClock.now - begun).seconds
    }

    static func recordedPeriod(upTo leaves: Int64, client: PostgresClient, logger: Logger) async throws -> (from: String, to: String) {
        let rows = try await client.query("""
            SELECT (SELECT floor(extract(epoch FROM min(recorded_at)) * 1000000)::bigint FROM events),
                   floor(extract(epoch FROM e.recorded_at) * 1000000)::bigint
            FROM log_entries l JOIN events e ON e.global_position = l.global_position WHERE l.log_index = \(leaves)
            """, logger: logger)
        for try await (from, to) in rows.decode((Int64, Int64).self) { return (BundleTime.format(from), BundleTime.format(to)) }
        throw BenchFailure("the log has no leaf \(leaves)")
    }

    /// The count in `labledger export`'s "wrote FILE: N events …" line.
    static func exportedCount(_ output: String) -> Int? {
        guard let range = output.range(of: #": \d+ events"#, options: .regularExpression) else { return nil }
        return Int(output[range].dropFirst(2).prefix { $0.isNumber })
    }

    static func ms(_ value: Double?) -> String { value.map { String(format: "%.1f ms", $0) } ?? "–" }
    static func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }
    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
}

enum BenchLoad {
    /// The 1-, 5- and 15-minute load averages.
    static var now: String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
    }
}
