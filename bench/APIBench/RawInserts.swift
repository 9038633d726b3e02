import BenchSupport
import EventStore
import Foundation
import Subprocess

/// The baseline for commands: pgbench, prepared, one INSERT of one event of the party
/// registration's shape per transaction, into a table built `LIKE events INCLUDING ALL`.
struct RawInserts {
    let binaries: PostgresBinaries
    let target: DatabaseConfig
    let directory: URL
    let seconds: Int

    static let script = """
        INSERT INTO raw_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at, hash)
        SELECT 'party-' || p, 1, gen_random_uuid(), 'PartyRegistered', 1,
          ('{"party": "' || p || '", "name": "Bench Party ' || p || '", "kind": "company", "country": "CN"}')::jsonb,
          '{"actor": "admin-bench", "requestId": "0123456789abcdef"}'::jsonb, now(),
          '\\x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'::bytea
        FROM (SELECT 'p-' || gen_random_uuid() AS p) AS fresh;

        """

    /// Transactions per second and each transaction's latency (pgbench's per-transaction log).
    func measure(clients: Int) async throws -> (perSecond: Double, latencies: LatencySamples) {
        let file = directory.appendingPathComponent("raw-party.sql")
        try Self.script.write(to: file, atomically: true, encoding: .utf8)
        guard case let .tcp(host, port) = target.endpoint else { throw APIBenchError("the bench cluster must listen on TCP") }
        let logs = try PgBenchLog(directory: directory)
        defer { logs.remove() }
        let result = try await Subprocess.run(
            .path(.init(binaries.path("pgbench"))),
            arguments: [
                "-n", "-M", "prepared", "-c", "\(clients)", "-j", "\(min(clients, 4))", "-T", "\(seconds)", "-f", file.path,
                "-l", "--log-prefix", logs.prefix,
                "-h", host, "-p", "\(port)", "-U", target.username, target.database,
            ],
            output: .string(limit: 1 << 20), error: .combinedWithOutput)
        let output = result.standardOutput
        guard result.terminationStatus.isSuccess,
            let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
            let tps = Double(line.dropFirst(6).prefix(while: { $0 != " " }))
        else { throw APIBenchError("pgbench failed:\n\(output)") }
        return (tps, try logs.latencies())
    }
}
