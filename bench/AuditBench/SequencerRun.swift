import BenchSupport
import EventStore
import Foundation
import LabLedgerAudit
import Logging
import PostgresNIO
import Synchronization

/// The real `LogSequencer` service, with the real `CheckpointSigner`, running in a task of its
/// own while `body` runs, as `serve` and `work` run it.
enum SequencerRun {
    static func whileRunning<T: Sendable>(
        store: PostgresEventStore, signer: CheckpointSigner, interval: Duration, logger: Logger,
        _ body: @Sendable () async throws -> T
    ) async throws -> T {
        var options = LogSequencer.Options()
        options.checkpointInterval = interval
        let sequencer = LogSequencer(store: store, signer: signer, options: options, logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await sequencer.run()
                return nil
            }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    /// The newest signed checkpoint's tree size (0 before the first).
    static func signedSize(_ client: PostgresClient, logger: Logger) async throws -> Int64 {
        for try await size in try await client.query(
            "SELECT coalesce(max(tree_size), 0)::bigint FROM log_checkpoints", logger: logger
        ).decode(Int64.self) { return size }
        return 0
    }

    /// Waits until a signed checkpoint covers `size` leaves, polling every `every`.
    static func waitForCheckpoint(covering size: Int64, client: PostgresClient, every: Duration = .milliseconds(20),
                                  timeout: Duration, logger: Logger) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await signedSize(client, logger: logger) < size {
            guard ContinuousClock.now < deadline else { throw BenchFailure("no checkpoint covered \(size) leaves within \(timeout)") }
            try await Task.sleep(for: every)
        }
    }
}

/// Watches the signed checkpoints: when each tree size was first seen signed, polling every
/// few milliseconds (the poll adds at most that to a lag).
final class CheckpointWatch: Sendable {
    private let seen = Mutex<[(size: Int64, at: ContinuousClock.Instant)]>([])

    func run(client: PostgresClient, every: Duration, logger: Logger) async {
        while !Task.isCancelled {
            if let size = try? await SequencerRun.signedSize(client, logger: logger) {
                let now = ContinuousClock.now
                seen.withLock { list in
                    if size > (list.last?.size ?? 0) { list.append((size, now)) }
                }
            }
            try? await Task.sleep(for: every)
        }
    }

    /// When a checkpoint covering leaf `index` was first seen, if one was.
    func firstCovering(_ index: Int64) -> ContinuousClock.Instant? {
        seen.withLock { list in
            // Sizes only grow in the list: the first whose size exceeds `index`, by bisection.
            var low = 0, high = list.count
            while low < high {
                let middle = (low + high) / 2
                if list[middle].size > index { high = middle } else { low = middle + 1 }
            }
            return low < list.count ? list[low].at : nil
        }
    }

    var count: Int { seen.withLock { $0.count } }
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Log indexes of events by global position, in chunks.
func logIndexes(of positions: [Int64], client: PostgresClient, logger: Logger) async throws -> [Int64: Int64] {
    var found: [Int64: Int64] = [:]
    var start = 0
    while start < positions.count {
        let chunk = Array(positions[start..<min(start + 10_000, positions.count)])
        for try await (position, index) in try await client.query(
            "SELECT global_position, log_index FROM log_entries WHERE global_position = ANY(\(chunk))", logger: logger
        ).decode((Int64, Int64).self) { found[position] = index }
        start += chunk.count
    }
    return found
}
