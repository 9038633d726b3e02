import ArgumentParser
import EventStore
import Foundation
import LabLedgerHistory
import LabLedgerProjections
import LabLedgerReadModels
import Logging
import PostgresNIO
import Synchronization

/// Appends a history with concurrent writers and measures, per append, the time from the
/// append returning to every interested projection's checkpoint passing it.
///
/// Two probes can watch the checkpoints, each settling every append on its own: `listen`
/// LISTENs for the notices the workers send when a checkpoint moves (`CheckpointNotice`: the
/// trigger of migration 0015 at commit, and an idle runner's announcement), the way the API's
/// read-your-writes waits; `poll` reads the `projections` table every 2 ms, which adds up to
/// 2 ms to each lag and a query every 2 ms to the machine's load. Run together, both see the
/// same appends, and the difference is the probes' own.
struct LagMeasurement {
    enum Probe: String, CaseIterable, Sendable {
        case listen, poll
    }

    let store: PostgresEventStore
    let database: DatabaseConfig
    let writers: Int
    let rate: Double?
    /// Which probes settle the appends; the first is the one reported as the lag.
    let probes: [Probe]
    let logger: Logger

    struct Result {
        var appends: Int
        var events: Int
        var eventsPerSecond: Double
        /// The first probe's figures.
        var p50: Double
        var p99: Double
        var max: Double
        /// The appends' own latency (sent to returned) in the same run: the watermark cannot
        /// pass an append before the transactions that began before it have ended, so the lag
        /// cannot be much below the appends' own tail.
        var appendP50: Double
        var appendP99: Double
        /// Each projection's own lag p99 over the appends it reads (first probe): which one
        /// holds the tail.
        var projectionP99: [String: Double]
        /// Every probe's p50, p99 and max, for the comparison.
        var byProbe: [Probe: (p50: Double, p99: Double, max: Double)]
    }

    private struct Pending {
        var checkpoint: Checkpoint
        /// The interested projections that have not passed it yet.
        var projections: [String]
        var committed: ContinuousClock.Instant
    }

    /// One probe's appends: the writers add, the probe settles.
    private final class Book: Sendable {
        struct Ledger {
            fileprivate var pending: [Pending] = []
            /// The newest checkpoint the probe has seen per projection. A writer learns its append
            /// returned after the worker may have applied it and sent the notice: the append is
            /// held to these when it is added, or it would wait for the next notice.
            fileprivate var seen: [String: Checkpoint] = [:]
            /// The settled appends' lags, and each projection's lags over the appends it reads.
            var lags: [Double] = []
            var projectionLags: [String: [Double]] = [:]

            /// Settles the pending appends from `from` on that the checkpoints seen have passed.
            fileprivate mutating func settle(from: Int = 0, at now: ContinuousClock.Instant) {
                for index in pending.indices.dropFirst(from) {
                    let (lag, checkpoint) = (ProjectionBench.seconds(now - pending[index].committed), pending[index].checkpoint)
                    pending[index].projections.removeAll { name in
                        let passed = (seen[name] ?? .start) >= checkpoint
                        if passed { projectionLags[name, default: []].append(lag) }
                        return passed
                    }
                    if pending[index].projections.isEmpty { lags.append(lag) }
                }
                pending.removeAll { $0.projections.isEmpty }
            }
        }

        let ledger = Mutex(Ledger())
        /// Why the probe stopped before it was cancelled: its appends would never settle.
        let stopped = Mutex<(any Error)?>(nil)

        /// Adds an append, settling it at once if the checkpoints seen already cover it.
        func add(_ append: Pending) {
            let now = ContinuousClock.now
            ledger.withLock { ledger in
                ledger.pending.append(append)
                ledger.settle(from: ledger.pending.count - 1, at: now)
            }
        }

        /// Settles every pending append that `checkpoints` (by projection) have passed, as of `now`.
        func settle(_ checkpoints: [String: Checkpoint], at now: ContinuousClock.Instant) {
            ledger.withLock { ledger in
                ledger.seen.merge(checkpoints) { Swift.max($0, $1) }
                ledger.settle(at: now)
            }
        }

        var isSettled: Bool { ledger.withLock { $0.pending.isEmpty } }
    }

    func run(_ history: [GeneratedAppend]) async throws -> Result {
        let books = Dictionary(uniqueKeysWithValues: probes.map { ($0, Book()) })
        let appendLatencies = Mutex<[Double]>([])
        let start = ContinuousClock.now
        var appendSeconds = 0.0
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (probe, book) in books {
                group.addTask {
                    do {
                        switch probe {
                        case .poll: try await poll(into: book)
                        case .listen: try await listen(into: book)
                        }
                    } catch {
                        book.stopped.withLock { $0 = error }
                        throw error
                    }
                    if !Task.isCancelled { book.stopped.withLock { $0 = ProbeStopped(probe: probe) } }
                }
            }
            try await HistoryLoad(store: store, writers: writers, rate: rate).run(history) { append, result, sent, instant in
                appendLatencies.withLock { $0.append(ProjectionBench.seconds(instant - sent)) }
                let projections = ReadModels.all.filter { projection in
                    append.events.contains { projection.eventTypes.contains($0.type) }
                }.map(\.name)
                for book in books.values {
                    book.add(Pending(checkpoint: result.checkpoint, projections: projections, committed: instant))
                }
            }
            appendSeconds = ProjectionBench.seconds(ContinuousClock.now - start)
            // The probes settle on their own; this only waits for them to have, then stops them.
            while !books.values.allSatisfy(\.isSettled) {
                if let error = books.values.lazy.compactMap({ $0.stopped.withLock { $0 } }).first { throw error }
                try await Task.sleep(for: .milliseconds(20))
            }
            group.cancelAll()
            try await group.waitForAll()
        }
        let appends = Self.sorted(appendLatencies.withLock { $0 })
        let events = history.reduce(0) { $0 + $1.events.count }
        var byProbe: [Probe: (p50: Double, p99: Double, max: Double)] = [:]
        for (probe, book) in books {
            let sorted = Self.sorted(book.ledger.withLock { $0.lags })
            byProbe[probe] = (Self.percentile(50, of: sorted), Self.percentile(99, of: sorted), sorted.last ?? 0)
        }
        let first = probes[0]
        return Result(
            appends: history.count, events: events, eventsPerSecond: Double(events) / appendSeconds,
            p50: byProbe[first]?.p50 ?? 0, p99: byProbe[first]?.p99 ?? 0, max: byProbe[first]?.max ?? 0,
            appendP50: Self.percentile(50, of: appends), appendP99: Self.percentile(99, of: appends),
            projectionP99: (books[first]?.ledger.withLock { $0.projectionLags } ?? [:]).mapValues { Self.percentile(99, of: Self.sorted($0)) },
            byProbe: byProbe)
    }

    /// Reads the table every 2 ms until cancelled.
    private func poll(into book: Book) async throws {
        try await DatabaseSetup.withConnection(database, logger: logger) { connection in
            do {
                while !Task.isCancelled {
                    let checkpoints = try await Self.checkpoints(on: connection, logger: logger)
                    book.settle(checkpoints, at: .now)
                    try await Task.sleep(for: .milliseconds(2))
                }
            } catch where Task.isCancelled {
                // Stopped by the measurement's end, in its sleep or in its query.
                return
            }
        }
    }

    /// Settles on every checkpoint notice until cancelled; reads the table once LISTEN is
    /// active, so no move before it is missed.
    private func listen(into book: Book) async throws {
        try await DatabaseSetup.withConnection(database, logger: logger) { connection in
            try await connection.listen(on: CheckpointNotice.channel) { notices in
                book.settle(try await Self.checkpoints(on: connection, logger: logger), at: .now)
                do {
                    for try await notification in notices {
                        let now = ContinuousClock.now
                        guard let notice = CheckpointNotice(payload: notification.payload) else { continue }
                        // The book keeps the newest per projection: an idle runner's announcement
                        // and its saved move can arrive in either order.
                        book.settle([notice.projection: notice.checkpoint], at: now)
                    }
                } catch where Task.isCancelled {
                    return
                }
            }
        }
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

extension LagMeasurement.Probe: ExpressibleByArgument {}

/// A probe that ended before the appends it watches were settled (its connection closed).
struct ProbeStopped: Error, CustomStringConvertible {
    let probe: LagMeasurement.Probe
    var description: String { "the \(probe.rawValue) probe stopped before every append was settled" }
}
