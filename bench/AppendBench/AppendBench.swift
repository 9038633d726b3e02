import ArgumentParser
import BenchSupport
import EventStore
import Foundation
import LabLedgerSchema
import Logging
import PostgresNIO

/// Raw pgbench INSERTs and the store's `append`, side by side on one PostgreSQL in one run.
@main
struct AppendBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labledger-bench",
        abstract: "Append throughput of the event store beside raw PostgreSQL INSERTs of the same shape.")

    @Option(help: "Seconds per measurement.")
    var seconds = 10

    @Option(parsing: .upToNextOption, help: "Client counts.")
    var clients: [Int] = [1, 4, 16, 64]

    @Option(parsing: .upToNextOption, help: "Events per transaction.")
    var batches: [Int] = [1, 100]

    @Flag(help: "Also measure raw INSERTs that call pg_notify in the same transaction.")
    var notifyLock = false

    @Flag(help: "Also measure appends of events with a person part, sealed by the person vault and in plaintext.")
    var person = false

    @Option(help: "Write the markdown report here as well as to standard output.")
    var report: String?

    @Option(help: "Write every cell as JSON here (figures, ratios, p50/p99 latency, peak RSS), for bench/run.")
    var json: String?

    func run() async throws {
        var logger = Logger(label: "labledger.bench")
        logger.logLevel = .warning
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("labledger-bench-\(getpid())")
        let binaries = try PostgresBinaries.locate()
        // Durable like production: fsync and synchronous commit on, so group commit is measured.
        let cluster = EmbeddedPostgres(dataDirectory: root.appendingPathComponent("pgdata"), binaries: binaries, logger: logger)
        let started = try await cluster.start()
        defer {
            cluster.stopImmediately()
            try? FileManager.default.removeItem(at: root)
        }
        let database: DatabaseSetup.Provisioned
        do {
            database = try await DatabaseSetup.provision(
                superuser: started.superuser, database: "bench", migrations: LabLedgerSchema.migrations(), logger: logger)
        } catch {
            throw BenchError.setup(String(reflecting: error))
        }
        try await DatabaseSetup.withConnection(database.owner, logger: logger) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: RawTable.create), logger: logger)
        }
        let pgbench = PgBench(binaries: binaries, target: database.owner, directory: root, seconds: seconds)
        let store = StoreBench(config: database.app, seconds: seconds, logger: logger)
        let driverRaw = DriverRawBench(config: database.owner, seconds: seconds, logger: logger)
        let sealing = PersonSealingBench(store: store)
        var personRows: [String] = []

        var rows: [ResultRow] = []
        var output = BenchReport(benchmark: "append", settings: [
            "secondsPerCell": "\(seconds)", "clients": clients.map(String.init).joined(separator: " "),
            "eventsPerAppend": batches.map(String.init).joined(separator: " "),
            "cluster": "embedded, durable (fsync and synchronous_commit on)",
        ])
        print(ResultRow.header)
        for batch in batches {
            for clientCount in clients {
                let raw = try await pgbench.measure(clients: clientCount, batch: batch, notify: false)
                let viaDriver = try await driverRaw.measure(clients: clientCount, batch: batch)
                let (ours, rss) = try await PeakRSS.during { try await store.measure(clients: clientCount, batch: batch) }
                let row = ResultRow(
                    batch: batch, clients: clientCount, raw: raw.eventsPerSecond, rawViaDriver: viaDriver.eventsPerSecond,
                    store: ours.eventsPerSecond)
                rows.append(row)
                print(row.markdown)
                let storeLatency = ours.latencies.p50p99Ms, rawLatency = raw.latencies.p50p99Ms
                let driverLatency = viaDriver.latencies.p50p99Ms
                output.cells.append(BenchCell(
                    benchmark: "append", cell: "\(batch) event\(batch == 1 ? "" : "s")/append, \(clientCount) client\(clientCount == 1 ? "" : "s")",
                    unit: "events/s", subject: "PostgresEventStore.append (exact expected version)", labledger: ours.eventsPerSecond, baselineName: "raw pgbench INSERTs",
                    baseline: raw.eventsPerSecond, p50Ms: storeLatency.p50, p99Ms: storeLatency.p99,
                    baselineP50Ms: rawLatency.p50, baselineP99Ms: rawLatency.p99, peakRSSBytes: rss,
                    rssOf: "the bench process, which runs the store (its client side)",
                    extra: [
                        "rawViaSwiftDriverEventsPerSecond": viaDriver.eventsPerSecond,
                        "ratioToRawViaSwiftDriver": ours.eventsPerSecond / viaDriver.eventsPerSecond,
                        "rawViaSwiftDriverP50Ms": driverLatency.p50 ?? 0, "rawViaSwiftDriverP99Ms": driverLatency.p99 ?? 0,
                    ]))
                if person {
                    let plain = try await sealing.measure(clients: clientCount, batch: batch, sealed: false)
                    let sealed = try await sealing.measure(clients: clientCount, batch: batch, sealed: true)
                    let returning = try await sealing.measure(clients: clientCount, batch: batch, sealed: true, newPeople: false)
                    personRows.append(Self.personLine(
                        batch: batch, clients: clientCount, raw: raw.eventsPerSecond, plain: plain.eventsPerSecond, sealed: sealed.eventsPerSecond,
                        returning: returning.eventsPerSecond))
                    let sealedLatency = sealed.latencies.p50p99Ms, plainLatency = plain.latencies.p50p99Ms
                    output.cells.append(BenchCell(
                        benchmark: "append", cell: "person part sealed, \(batch) event\(batch == 1 ? "" : "s")/append, \(clientCount) client\(clientCount == 1 ? "" : "s")",
                        unit: "events/s", subject: "append with the person vault (a new person and key per event)", labledger: sealed.eventsPerSecond,
                        baselineName: "the same appends, person part in plaintext", baseline: plain.eventsPerSecond,
                        p50Ms: sealedLatency.p50, p99Ms: sealedLatency.p99, baselineP50Ms: plainLatency.p50, baselineP99Ms: plainLatency.p99,
                        extra: [
                            "rawPgbenchEventsPerSecond": raw.eventsPerSecond, "ratioToRawPgbench": sealed.eventsPerSecond / raw.eventsPerSecond,
                            "sealedReturningPersonEventsPerSecond": returning.eventsPerSecond,
                            "ratioReturningPersonToPlaintext": returning.eventsPerSecond / plain.eventsPerSecond,
                        ]))
                }
            }
        }
        if !personRows.isEmpty {
            print("\n" + Self.personHeader)
            personRows.forEach { print($0) }
        }
        var notifyRows: [String] = []
        if notifyLock {
            print("\n| clients | raw INSERT events/s | raw INSERT + pg_notify in the transaction | ratio |")
            print("|---:|---:|---:|---:|")
            for clientCount in clients {
                let raw = try await pgbench.measure(clients: clientCount, batch: 1, notify: false)
                let notifying = try await pgbench.measure(clients: clientCount, batch: 1, notify: true)
                let line = "| \(clientCount) | \(Int(raw.eventsPerSecond)) | \(Int(notifying.eventsPerSecond)) | \(String(format: "%.0f%%", 100 * notifying.eventsPerSecond / raw.eventsPerSecond)) |"
                notifyRows.append(line)
                print(line)
                let rawLatency = raw.latencies.p50p99Ms, notifyLatency = notifying.latencies.p50p99Ms
                // PostgreSQL alone: why the store notifies after its commit, not inside it.
                output.supplementary.append(BenchCell(
                    benchmark: "append", cell: "raw INSERT + pg_notify in the transaction, \(clientCount) client\(clientCount == 1 ? "" : "s")",
                    unit: "events/s", subject: "raw INSERT + pg_notify in the transaction", labledger: notifying.eventsPerSecond, baselineName: "raw INSERT without pg_notify",
                    baseline: raw.eventsPerSecond, p50Ms: notifyLatency.p50, p99Ms: notifyLatency.p99,
                    baselineP50Ms: rawLatency.p50, baselineP99Ms: rawLatency.p99))
            }
        }
        if let report {
            try (ResultRow.document(rows: rows, notifyRows: notifyRows, seconds: seconds)
                + (personRows.isEmpty ? "" : "\n" + Self.personHeader + "\n" + personRows.joined(separator: "\n") + "\n"))
                .write(toFile: report, atomically: true, encoding: .utf8)
        }
        if let json { try output.write(to: json) }
    }

    static let personHeader = """
        | events per append | clients | raw pgbench events/s | store, person in plaintext | sealed, a new person per event | sealed / plaintext | sealed, a returning person | returning / plaintext |
        |---:|---:|---:|---:|---:|---:|---:|---:|
        """

    static func personLine(batch: Int, clients: Int, raw: Double, plain: Double, sealed: Double, returning: Double) -> String {
        "| \(batch) | \(clients) | \(Int(raw)) | \(Int(plain)) | \(Int(sealed)) | \(String(format: "%.0f%%", 100 * sealed / plain)) | "
            + "\(Int(returning)) | \(String(format: "%.0f%%", 100 * returning / plain)) |"
    }
}

struct ResultRow {
    var batch: Int
    var clients: Int
    var raw: Double
    var rawViaDriver: Double
    var store: Double

    static let header = """
        | events per append | clients | raw pgbench events/s | raw via Swift driver events/s | store append events/s | store / raw pgbench | store / raw via driver |
        |---:|---:|---:|---:|---:|---:|---:|
        """

    var markdown: String {
        "| \(batch) | \(clients) | \(Int(raw)) | \(Int(rawViaDriver)) | \(Int(store)) | "
            + "\(String(format: "%.0f%%", 100 * store / raw)) | \(String(format: "%.0f%%", 100 * store / rawViaDriver)) |"
    }

    static func document(rows: [ResultRow], notifyRows: [String], seconds: Int) -> String {
        var text = "Append benchmark, \(ISO8601DateFormatter().string(from: Date())), \(seconds) s per cell, "
        text += "\(ProcessInfo.processInfo.activeProcessorCount) cores, one durable PostgreSQL cluster.\n\n"
        text += header + "\n"
        text += rows.map(\.markdown).joined(separator: "\n") + "\n"
        if !notifyRows.isEmpty {
            text += "\n| clients | raw INSERT events/s | raw INSERT + pg_notify in the transaction | ratio |\n|---:|---:|---:|---:|\n"
            text += notifyRows.joined(separator: "\n") + "\n"
        }
        return text
    }
}

