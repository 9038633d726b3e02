import EventStore
import Foundation
import LabLedgerHistory

/// Appends a generated history with `writers` concurrent writers. Each stream belongs to one
/// writer, so its appends stay in order with their expected versions.
struct HistoryLoad {
    let store: PostgresEventStore
    let writers: Int
    /// Appends per second over all writers; nil for as fast as they can.
    var rate: Double? = nil

    /// Appends everything; `onAppend` sees each append's result, the instant it was sent and the
    /// instant it returned.
    func run(
        _ history: [GeneratedAppend],
        onAppend: @escaping @Sendable (GeneratedAppend, AppendResult, ContinuousClock.Instant, ContinuousClock.Instant) -> Void = { _, _, _, _ in }
    ) async throws {
        var partitions = Array(repeating: [GeneratedAppend](), count: writers)
        for append in history {
            partitions[Int(UInt(bitPattern: Self.hash(append.stream.rawValue)) % UInt(writers))].append(append)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for partition in partitions {
                group.addTask {
                    // Each writer keeps its share of the rate on a fixed schedule, so a slow
                    // append is caught up on rather than shifting every later one.
                    let interval = rate.map { Duration.seconds(Double(writers) / $0) }
                    var due = ContinuousClock.now
                    for append in partition {
                        if let interval {
                            due = due + interval
                            try await Task.sleep(until: due, clock: .continuous)
                        }
                        let events = append.events.map {
                            EventData(type: $0.type, schemaVersion: $0.schemaVersion, data: $0.data,
                                      metadata: EventMetadata(actor: "bench"), occurredAt: append.occurredAt)
                        }
                        let expected: ExpectedVersion = append.expectedVersion == 0 ? .noStream : .exact(append.expectedVersion)
                        let sent = ContinuousClock.now
                        let result = try await store.append(to: append.stream.rawValue, expected: expected, events)
                        onAppend(append, result, sent, .now)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// FNV-1a: stable across runs, unlike `hashValue`.
    static func hash(_ text: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int(bitPattern: UInt(hash))
    }
}
