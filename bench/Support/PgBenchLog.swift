import Foundation

/// pgbench's per-transaction log (`-l --log-prefix`): one file per thread, one line per
/// transaction, `client transaction latency_us script epoch_s epoch_us`. A folder of its own
/// under `directory` per run.
public struct PgBenchLog {
    public let folder: URL
    /// What to pass to `--log-prefix`.
    public var prefix: String { folder.appendingPathComponent("tx").path }

    public init(directory: URL) throws {
        folder = directory.appendingPathComponent("pgbench-log-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Every logged transaction's latency.
    public func latencies() throws -> LatencySamples {
        var samples = LatencySamples()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: " ", maxSplits: 3)
                if fields.count >= 3, let micros = Int64(fields[2]) { samples.record(.microseconds(micros)) }
            }
        }
        return samples
    }

    public func remove() { try? FileManager.default.removeItem(at: folder) }
}
