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

    /// Waits until each of `projections` has a checkpoint at or past the request's position
    /// token; 503 with `Retry-After` when they do not get there within `maxWait`.
    func waitForPosition(_ projections: [String]) async throws {
        guard let target = RequestScope.current.waitFor else { return }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: maxWait)
        var pause = Duration.milliseconds(2)
        while true {
            if try await reached(target, projections) { return }
            guard clock.now.advanced(by: pause) < deadline else {
                throw Problem(
                    .serviceUnavailable, code: "read-model-lagging", title: "Read models have not caught up",
                    detail: "The read models (\(projections.joined(separator: ", "))) have not applied position \(target) within \(maxWait); retry shortly.",
                    headers: [.retryAfter: "1"])
            }
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(100))
        }
    }

    private func reached(_ target: Checkpoint, _ projections: [String]) async throws -> Bool {
        let transaction = String(target.transactionID)
        let rows = try await client.query(
            """
            SELECT count(*)::int FROM projections
            WHERE name = ANY(\(projections))
              AND (checkpoint_transaction, checkpoint_position) >= (\(transaction)::xid8, \(target.position))
            """, logger: logger)
        for try await count in rows.decode(Int.self) { return count == projections.count }
        return false
    }
}
