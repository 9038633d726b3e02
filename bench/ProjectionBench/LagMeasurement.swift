import EventStore
import Foundation
import LabLedgerHistory
import LabLedgerReadModels
import Logging
import PostgresNIO
import Synchronization

/// Appends a history with concurrent writers and measures, per append, the time from the
/// append returning to every interested projection's checkpoint passing it.
struct LagMeasurement {
    let store: PostgresEventStore
    let database: DatabaseConfig
    let writers: Int
    let rate: Double?
    let logger: Logger

    struct Result {
        var appends: Int
        var events: Int
        var eventsPerSecond: Double
        var p50: Double
        var p99: Double
        var max: Double
    }

    private struct Pending {
        var checkpoint: Checkpoint
        var projections: [String]
        var committed: ContinuousClock.Instant
    }

    /// Shared between the writers, which add, and the monitor, which settles.
    private final class Book: Sendable {
        let pending = Mutex<[Pending]>([])
        let lags = Mutex<[Double]>([])
        let finished = Atomic<Bool>(false)
    }

    func run(_ history: [GeneratedAppend]) async throws -> Result {
        let book = Book()
        let start = ContinuousClock.now
        var appendSeconds = 0.0
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await DatabaseSetup.withConnection(database, logger: logger) { connection in
                    while true {
                        let checkpoints = try await Self.checkpoints(on: connection, logger: logger)
                        let now = ContinuousClock.now
                        let done = book.pending.withLock { list -> [Double] in
                            var lagged: [Double] = []
                            list.removeAll { item in
                                let passed = item.projections.allSatisfy { (checkpoints[$0] ?? .start) >= item.checkpoint }
                                if passed { lagged.append(ProjectionBench.seconds(now - item.committed)) }
                                return passed
                            }
                            return lagged
                        }
                        book.lags.withLock { $0.append(contentsOf: done) }
                        if book.finished.load(ordering: .acquiring), book.pending.withLock({ $0.isEmpty }) { return }
                        try await Task.sleep(for: .milliseconds(2))
                    }
                }
            }
            try await HistoryLoad(store: store, writers: writers, rate: rate).run(history) { append, result, instant in
                let projections = ReadModels.all.filter { projection in
                    append.events.contains { projection.eventTypes.contains($0.type) }
                }.map(\.name)
                book.pending.withLock { $0.append(Pending(checkpoint: result.checkpoint, projections: projections, committed: instant)) }
            }
            appendSeconds = ProjectionBench.seconds(ContinuousClock.now - start)
            book.finished.store(true, ordering: .releasing)
            try await group.waitForAll()
        }
        var sorted = book.lags.withLock { $0 }.sorted()
        if sorted.isEmpty { sorted = [0] }
        let events = history.reduce(0) { $0 + $1.events.count }
        return Result(
            appends: history.count, events: events, eventsPerSecond: Double(events) / appendSeconds,
            p50: sorted[sorted.count / 2], p99: sorted[min(sorted.count - 1, sorted.count * 99 / 100)], max: sorted.last ?? 0)
    }

    static func checkpoints(on connection: PostgresConnection, logger: Logger) async throws -> [String: Checkpoint] {
        var result: [String: Checkpoint] = [:]
        let rows = try await connection.query(
            "SELECT name, checkpoint_transaction::text, checkpoint_position FROM projections", logger: logger)
        for try await (name, transaction, position) in rows.decode((String, String, Int64).self) {
            result[name] = Checkpoint(transactionID: UInt64(transaction) ?? 0, position: position)
        }
        return result
    }
}
