import BenchSupport
import EventStore
import Foundation
import LabLedgerAPI
import Subprocess

/// pgbench, prepared, one script per transaction: the raw baselines. Commands are measured beside
/// `insertParty`, one INSERT of one event of the party registration's shape into a table built
/// `LIKE events INCLUDING ALL`; the stored-answer query beside `assetAnswer`, the API's own
/// statement sent by pgbench for a random seeded asset (what PostgreSQL alone answers).
struct PgBench {
    let binaries: PostgresBinaries
    let target: DatabaseConfig
    let directory: URL
    let seconds: Int

    static let insertParty = """
        INSERT INTO raw_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at, hash)
        SELECT 'party-' || p, 1, gen_random_uuid(), 'PartyRegistered', 1,
          ('{"party": "' || p || '", "name": "Bench Party ' || p || '", "kind": "company", "country": "CN"}')::jsonb,
          '{"actor": "admin-bench", "requestId": "0123456789abcdef"}'::jsonb, now(),
          '\\x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'::bytea
        FROM (SELECT 'p-' || gen_random_uuid() AS p) AS fresh;

        """

    /// `IPAssetAnswerStatement`'s SQL with its two parameters as pgbench variables: a random
    /// seeded asset (`AssetSeed`'s stream names, built from the number pgbench draws) and the
    /// company key's party (`-D party=…`). Prepared, pgbench binds both.
    static func assetAnswer(assets: Int) -> String {
        "\\set asset random(0, \(assets - 1))\n\(assetAnswerSQL(stream: "'ipasset-bench-' || :asset", party: ":party"));\n"
    }

    /// The statement with its parameters replaced by `stream` and `party` (SQL expressions).
    static func assetAnswerSQL(stream: String, party: String) -> String {
        IPAssetAnswerStatement.sql.replacingOccurrences(of: "$1", with: stream).replacingOccurrences(of: "$2", with: party)
    }

    /// Transactions per second and each transaction's latency (pgbench's per-transaction log).
    func measure(clients: Int, script: String = insertParty, variables: [String: String] = [:]) async throws -> (perSecond: Double, latencies: LatencySamples) {
        let file = directory.appendingPathComponent("pgbench-\(UUID().uuidString.prefix(8)).sql")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        guard case let .tcp(host, port) = target.endpoint else { throw APIBenchError("the bench cluster must listen on TCP") }
        let logs = try PgBenchLog(directory: directory)
        defer { logs.remove() }
        let arguments =
            [
                "-n", "-M", "prepared", "-c", "\(clients)", "-j", "\(min(clients, 4))", "-T", "\(seconds)", "-f", file.path,
                "-l", "--log-prefix", logs.prefix, "-h", host, "-p", "\(port)", "-U", target.username,
            ] + variables.sorted { $0.key < $1.key }.flatMap { ["-D", "\($0.key)=\($0.value)"] } + [target.database]
        let result = try await Subprocess.run(
            .path(.init(binaries.path("pgbench"))), arguments: .init(arguments),
            output: .string(limit: 1 << 20), error: .combinedWithOutput)
        let output = result.standardOutput
        guard result.terminationStatus.isSuccess,
            let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
            let tps = Double(line.dropFirst(6).prefix(while: { $0 != " " }))
        else { throw APIBenchError("pgbench failed:\n\(output)") }
        return (tps, try logs.latencies())
    }
}
