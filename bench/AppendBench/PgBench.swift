import BenchSupport
import EventStore
import Foundation
import Subprocess

/// Runs pgbench with a custom script against the bench database.
struct PgBench {
    let binaries: PostgresBinaries
    let target: DatabaseConfig
    let directory: URL
    let seconds: Int

    struct Measured {
        var eventsPerSecond: Double
        /// Each transaction's latency, from pgbench's per-transaction log.
        var latencies: LatencySamples
    }

    func measure(clients: Int, batch: Int, notify: Bool) async throws -> Measured {
        let script = directory.appendingPathComponent("raw-\(batch)-\(notify).sql")
        try Self.script(batch: batch, notify: notify).write(to: script, atomically: true, encoding: .utf8)
        guard case let .tcp(host, port) = target.endpoint else { throw BenchError.needsTCP }
        let logs = try PgBenchLog(directory: directory)
        defer { logs.remove() }
        let result = try await Subprocess.run(
            .path(.init(binaries.path("pgbench"))),
            arguments: [
                // Prepared, like the store's statement: the baseline pays no parsing either.
                "-n", "-M", "prepared", "-c", "\(clients)", "-j", "\(min(clients, 4))", "-T", "\(seconds)", "-f", script.path,
                "-l", "--log-prefix", logs.prefix,
                "-h", host, "-p", "\(port)", "-U", target.username, target.database,
            ],
            output: .string(limit: 1 << 20), error: .combinedWithOutput)
        let output = result.standardOutput
        guard result.terminationStatus.isSuccess,
              let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
              let tps = Double(line.dropFirst(6).prefix(while: { $0 != " " }))
        else { throw BenchError.pgbenchFailed(output) }
        return Measured(eventsPerSecond: tps * Double(batch), latencies: try logs.latencies())
    }

    /// One transaction per script run: one INSERT of `batch` rows, each its own stream and each
    /// with its own payload, built from a per-run variable so that the server parses every row's
    /// JSON on every run as it parses every event the store appends. (A literal payload would be
    /// parsed once when the statement is prepared, and the baseline would parse no JSON at all.)
    static func script(batch: Int, notify: Bool) -> String {
        let payloadTail = String(RawTable.payload.dropFirst())
        let rows = (0..<batch).map { row in
            """
            (gen_random_uuid()::text, 1, gen_random_uuid(), 'OutputRegistered', 1,
             ('{"seq": ' || (:n + \(row)) || ', \(payloadTail)')::jsonb, '\(RawTable.metadata)'::jsonb, now(),
             '\\x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'::bytea)
            """
        }
        let insert = """
            \\set n random(1, 1000000000)
            INSERT INTO raw_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at, hash)
            VALUES \(rows.joined(separator: ",\n"));
            """
        guard notify else { return insert + "\n" }
        return "\\set n random(1, 1000000000)\nBEGIN;\n" + insert.split(separator: "\n").dropFirst().joined(separator: "\n")
            + "\nSELECT pg_notify('bench', '');\nCOMMIT;\n"
    }
}

enum BenchError: Error, CustomStringConvertible {
    case needsTCP
    case pgbenchFailed(String)
    case setup(String)

    var description: String {
        switch self {
        case .needsTCP: return "the bench cluster must listen on TCP"
        case .pgbenchFailed(let output): return "pgbench failed:\n\(output)"
        case .setup(let reason): return "could not prepare the bench database: \(reason)"
        }
    }
}
