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
        /// The appends' own latency (sent to returned) in the same run: the watermark cannot
        /// pass an append before the transactions that began before it have ended, so the lag
        /// cannot be much below the appends' own tail.
        var appendP50: Double
        var appendP99: Double
        /// Each projection's own lag p99 over the appends it reads: which one holds the tail.
        var projectionP99: [String: Double]
    }

    private struct Pending {
        var checkpoint: Checkpoint
        /// The interested projections that have not passed it yet.
        var projections: [String]
        var committed: ContinuousClock.Instant
    }

    /// Shared between the writers, which add, and the monitor, which settles.
    private final class Book: Sendable {
        let pending = Mutex<[Pending]>([])
        let lags = Mutex<[Double]>([])
        let projectionLags = Mutex<[String: [Double]]>([:])
        let appendLatencies = Mutex<[Double]>([])
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
                        let (done, byProjection) = book.pending.withLock { list -> ([Double], [String: [Double]]) in
                            var lagged: [Double] = []
                            var byProjection: [String: [Double]] = [:]
                            for index in list.indices {
                                let (lag, checkpoint) = (ProjectionBench.seconds(now - list[index].committed), list[index].checkpoint)
                                list[index].projections.removeAll { name in
                                    let passed = (checkpoints[name] ?? .start) >= checkpoint
                                    if passed { byProjection[name, default: []].append(lag) }
                                    return passed
                                }
                                if list[index].projections.isEmpty { lagged.append(lag) }
                            }
                            list.removeAll { $0.projections.isEmpty }
                            return (lagged, byProjection)
                        }
                        book.lags.withLock { $0.append(contentsOf: done) }
                        book.projectionLags.withLock { $0.merge(byProjection) { $0 + $1 } }
                        if book.finished.load(ordering: .acquiring), book.pending.withLock({ $0.isEmpty }) { return }
                        try await Task.sleep(for: .milliseconds(2))
                    }
                }
            }
            try await HistoryLoad(store: store, writers: writers, rate: rate).run(history) { append, result, sent, instant in
                book.appendLatencies.withLock { $0.append(ProjectionBench.seconds(instant - sent)) }
                let projections = ReadModels.all.filter { projection in
                    append.events.contains { projection.eventTypes.contains($0.type) }
                }.map(\.name)
                book.pending.withLock { $0.append(Pending(checkpoint: result.checkpoint, projections: projections, committed: instant)) }
            }
            appendSeconds = ProjectionBench.seconds(ContinuousClock.now - start)
            book.finished.store(true, ordering: .releasing)
            try await group.waitForAll()
        }
        let sorted = Self.sorted(book.lags.withLock { $0 })
        let appends = Self.sorted(book.appendLatencies.withLock { $0 })
        let events = history.reduce(0) { $0 + $1.events.count }
        return Result(
            appends: history.count, events: events, eventsPerSecond: Double(events) / appendSeconds,
            p50: Self.percentile(50, of: sorted), p99: Self.percentile(99, of: sorted), max: sorted.last ?? 0,
            appendP50: Self.percentile(50, of: appends), appendP99: Self.percentile(99, of: appends),
            projectionP99: book.projectionLags.withLock { $0 }.mapValues { Self.percentile(99, of: Self.sorted($0)) })
    }

    private static func sorted(_ values: [Double]) -> [Double] {
        values.isEmpty ? [0] : values.sorted()
    }

    private static func percentile(_ percent: Int, of sorted: [Double]) -> Double {
        sorted[min(sorted.count - 1, sorted.count * percent / 100)]
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
