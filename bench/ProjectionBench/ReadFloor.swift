import EventStore
import LabLedgerReadModels
import Foundation
import Logging
import PostgresNIO

/// The floor under a rebuild: every projection's events read as its runner reads them in a
/// rebuild (one connection each, all seven at once, gap-safe pages of its event types, sealed
/// personal data opened), and nothing done with them. No read model can be rebuilt faster than
/// its events arrive in the process as its runner reads them now; the raw pass never sends
/// them out of PostgreSQL.
enum ReadFloor {
    struct Measurement {
        var seconds: Double
        /// User and system CPU seconds of the seven readers' PostgreSQL backends while they
        /// read, from `/proc/<pid>/stat` (the embedded cluster runs on this machine).
        var backendCPU: Double
    }

    /// Seconds until all seven readers reached the end, after checking each read exactly the
    /// events of its types (`expected`, by projection name). `scan` as the runners read a
    /// rebuild (`.byType`), or as they read live pages (`.inOrder`), which rebuilds read before
    /// 2026-12-07.
    static func measure(
        _ store: PostgresEventStore, expected: [String: Int64], scan: PageScan, logger: Logger
    ) async throws -> Measurement {
        let start = ContinuousClock.now
        let results = try await withThrowingTaskGroup(of: (String, Int64, Double).self) { group in
            for projection in ReadModels.all {
                group.addTask {
                    try await store.client.withConnection { connection in
                        // As the runners' connections (ProjectionRunner): no JIT and no parallel
                        // plans, whose workers' CPU would not be the backend's own.
                        try await connection.query("SET jit = off", logger: logger)
                        try await connection.query("SET max_parallel_workers_per_gather = 0", logger: logger)
                        let backend = try await backendPID(connection, logger: logger)
                        let cpuBefore = try cpuSeconds(of: backend)
                        var after = Checkpoint.start
                        var count: Int64 = 0
                        while true {
                            let page = try await store.readPage(
                                after: after, limit: EventStoreLimits.maxReadLimit, types: projection.eventTypes, scan: scan,
                                on: connection)
                            count += Int64(page.events.count)
                            after = page.resumeAt
                            if !page.isFull { return (projection.name, count, try cpuSeconds(of: backend) - cpuBefore) }
                        }
                    }
                }
            }
            var results: [(String, Int64, Double)] = []
            for try await result in group { results.append(result) }
            return results
        }
        let elapsed = ProjectionBench.seconds(ContinuousClock.now - start)
        let counts = Dictionary(uniqueKeysWithValues: results.map { ($0.0, $0.1) })
        guard counts == expected else { throw ReadFloorError(description: "the readers read \(counts), expected \(expected)") }
        return Measurement(seconds: elapsed, backendCPU: results.reduce(0) { $0 + $1.2 })
    }

    private static func backendPID(_ connection: PostgresConnection, logger: Logger) async throws -> Int32 {
        for try await pid in try await connection.query("SELECT pg_backend_pid()", logger: logger).decode(Int32.self) {
            return pid
        }
        throw ReadFloorError(description: "pg_backend_pid() returned no row")
    }

    /// utime + stime of a process, in seconds: fields 14 and 15 of `/proc/<pid>/stat`, counted
    /// after the command name's closing parenthesis (the name may hold spaces).
    private static func cpuSeconds(of pid: Int32) throws -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { throw ReadFloorError(description: "cannot read /proc/\(pid)/stat") }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is the state (field 3), so utime (14) and stime (15) are fields[11] and [12].
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else {
            throw ReadFloorError(description: "unexpected /proc/\(pid)/stat: \(stat)")
        }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

struct ReadFloorError: Error, CustomStringConvertible {
    var description: String
}
