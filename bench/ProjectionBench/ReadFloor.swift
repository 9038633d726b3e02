import EventStore
import LabLedgerReadModels
import PostgresNIO

/// The floor under a rebuild: every projection's events read as its runner reads them in a
/// rebuild (one connection each, all seven at once, gap-safe pages of its event types, sealed
/// personal data opened), and nothing done with them. No read model can be rebuilt faster than
/// its events arrive in the process as its runner reads them now; the raw pass never sends
/// them out of PostgreSQL.
enum ReadFloor {
    /// Seconds until all seven readers reached the end, after checking each read exactly the
    /// events of its types (`expected`, by projection name).
    static func measure(_ store: PostgresEventStore, expected: [String: Int64]) async throws -> Double {
        let start = ContinuousClock.now
        let counts = try await withThrowingTaskGroup(of: (String, Int64).self) { group in
            for projection in ReadModels.all {
                group.addTask {
                    try await store.client.withConnection { connection in
                        var after = Checkpoint.start
                        var count: Int64 = 0
                        while true {
                            let page = try await store.readPage(
                                after: after, limit: EventStoreLimits.maxReadLimit, types: projection.eventTypes, on: connection)
                            count += Int64(page.events.count)
                            after = page.resumeAt
                            if !page.isFull { return (projection.name, count) }
                        }
                    }
                }
            }
            var counts: [String: Int64] = [:]
            for try await (name, count) in group { counts[name] = count }
            return counts
        }
        let elapsed = ProjectionBench.seconds(ContinuousClock.now - start)
        guard counts == expected else { throw ReadFloorError(description: "the readers read \(counts), expected \(expected)") }
        return elapsed
    }
}

struct ReadFloorError: Error, CustomStringConvertible {
    var description: String
}
