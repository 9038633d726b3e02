import EventStore
import Foundation
import Logging
import PostgresNIO

/// Reads the read models. Every query first honours `LabLedger-Position`: it waits, bounded,
/// until the projections it reads have applied that position.
struct ReadModelQueries: Sendable {
    let client: PostgresClient
    let logger: Logger
    let maxWait: Duration
    /// Where the projections stand, kept by the process's `CheckpointListener`.
    let positions: ProjectionPositions

    /// While no listener is connected, how often a waiting query reads the table itself.
    static let unlistenedPoll = Duration.milliseconds(100)

    /// Waits until each of `projections` has a checkpoint at or past the request's position
    /// token; 503 with `Retry-After` when they do not get there within `maxWait`.
    ///
    /// The wait is woken by the projection's own commit (a NOTIFY from the checkpoint's
    /// transaction, heard by the process's one listener), not by a poll; with the listener
    /// connected, a token that is already applied costs no query at all.
    func waitForPosition(_ projections: [String]) async throws {
        guard let target = RequestScope.current.waitFor else { return }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: maxWait)
        while true {
            let live = positions.isLive
            if !live {
                // No listener is connected (starting, reconnecting, or none runs in this process):
                // read the table, as the listener would.
                positions.deliver(try await CheckpointListener.read(on: client, logger: logger), from: .recheck)
            }
            let remaining = clock.now.duration(to: deadline)
            let slice = live ? remaining : min(remaining, Self.unlistenedPoll)
            switch await positions.wait(for: target, projections: projections, timeout: max(slice, .zero)) {
            case .alreadyReached, .notification, .recheck:
                return
            case .cancelled:
                throw CancellationError()
            case .timedOut:
                guard clock.now < deadline else {
                    throw Problem(
                        .serviceUnavailable, code: "read-model-lagging", title: "Read models have not caught up",
                        detail: "The read models (\(projections.joined(separator: ", "))) have not applied position \(target) within \(maxWait); retry shortly.",
                        headers: [.retryAfter: "1"])
                }
            }
        }
    }
}
