import EventStore
import Foundation
import LabLedgerAPI
import LabLedgerProjections
import Logging
import PostgresNIO

/// The read models' freshness as a page states it: the checkpoint every projection has
/// reached (the lowest of them) and how many events are still to be applied.
struct Freshness: Sendable, Equatable {
    let checkpoint: String
    let behind: Int64
    let projections: Int

    var text: String {
        guard projections >= 0 else { return "" }
        guard projections > 0 else { return "No projection has run yet: the read models are empty." }
        let lag =
            behind == 0
            ? "up to date with the history"
            : behind > Self.countCap
                ? "more than \(Self.countCap) events behind the history"
                : "\(behind) event\(behind == 1 ? "" : "s") behind the history"
        return "Read models at checkpoint \(checkpoint) (\(projections) projections, \(lag))."
    }

    init(checkpoint: String, behind: Int64, projections: Int) {
        self.checkpoint = checkpoint
        self.behind = behind
        self.projections = projections
    }

    init(statuses: [ProjectionStatus]) {
        projections = statuses.count
        checkpoint = statuses.map(\.checkpoint).min().map(Self.describe) ?? "0.0"
        behind = statuses.map(\.lagEvents).max() ?? 0
    }

    /// `<transaction>.<position>` as the API's position tokens read; a projection that has read
    /// past the watermark stands at the largest position of a transaction, said in words.
    static func describe(_ checkpoint: Checkpoint) -> String {
        checkpoint.position == .max ? "\(checkpoint.transactionID) (every transaction up to it)" : checkpoint.description
    }

    /// The most events a page counts behind a projection's checkpoint: past it the line says
    /// "more than", so a page's freshness costs no more however far a projection lags.
    static let countCap: Int64 = 1000

    /// One query over the `projections` table: each projection's checkpoint and the events of
    /// its types past it, counted up to `countCap + 1` (not `ProjectionStatus.all`, which counts
    /// every event behind each checkpoint and reads the lock and dead-letter tables).
    static func read(_ client: PostgresClient, logger: Logger) async throws -> Freshness {
        let cap = countCap + 1
        QueryCount.note()
        let rows = try await client.query(
            """
            SELECT p.checkpoint_transaction::text, p.checkpoint_position, lag.events
            FROM projections p
            CROSS JOIN LATERAL (
                SELECT count(*) AS events FROM (
                    SELECT 1 FROM events e
                    WHERE (e.transaction_id, e.global_position) > (p.checkpoint_transaction, p.checkpoint_position)
                      AND e.event_type = ANY(p.event_types)
                    LIMIT \(cap)) behind
            ) lag
            """, logger: logger)
        var checkpoints: [Checkpoint] = []
        var behind: Int64 = 0
        for try await (transaction, position, events) in rows.decode((String, Int64, Int64).self) {
            checkpoints.append(Checkpoint(transactionID: UInt64(transaction) ?? 0, position: position))
            behind = max(behind, events)
        }
        return Freshness(
            checkpoint: checkpoints.min().map(describe) ?? "0.0", behind: behind, projections: checkpoints.count)
    }
}
