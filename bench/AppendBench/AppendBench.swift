import ArgumentParser
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

    @Option(help: "Write the markdown report here as well as to standard output.")
    var report: String?

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

        var rows: [ResultRow] = []
        print(ResultRow.header)
        for batch in batches {
            for clientCount in clients {
                let raw = try await pgbench.eventsPerSecond(clients: clientCount, batch: batch, notify: false)
                let viaDriver = try await driverRaw.eventsPerSecond(clients: clientCount, batch: batch)
                let ours = try await store.eventsPerSecond(clients: clientCount, batch: batch)
                let row = ResultRow(batch: batch, clients: clientCount, raw: raw, rawViaDriver: viaDriver, store: ours)
                rows.append(row)
                print(row.markdown)
            }
        }
        var notifyRows: [String] = []
        if notifyLock {
            print("\n| clients | raw INSERT events/s | raw INSERT + pg_notify in the transaction | ratio |")
            print("|---:|---:|---:|---:|")
            for clientCount in clients {
                let raw = try await pgbench.eventsPerSecond(clients: clientCount, batch: 1, notify: false)
                let notifying = try await pgbench.eventsPerSecond(clients: clientCount, batch: 1, notify: true)
                let line = "| \(clientCount) | \(Int(raw)) | \(Int(notifying)) | \(String(format: "%.0f%%", 100 * notifying / raw)) |"
                notifyRows.append(line)
                print(line)
            }
        }
        if let report {
            try ResultRow.document(rows: rows, notifyRows: notifyRows, seconds: seconds)
                .write(toFile: report, atomically: true, encoding: .utf8)
        }
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
