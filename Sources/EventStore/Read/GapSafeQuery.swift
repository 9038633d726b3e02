import PostgresNIO

/// The one gap-safe read of the global history, whatever columns a reader wants (whole events,
/// or the digests the transparency log needs): after a checkpoint, below the watermark, in
/// `(transaction_id, global_position)` order.
extension PostgresEventStore {
    /// The watermark (`pg_snapshot_xmin`) on `connection`, taken before a page is read:
    /// reading under an older watermark is only more cautious, and knowing it lets a short page
    /// say how far the reader may skip.
    func watermark(on connection: PostgresConnection) async throws -> UInt64 {
        var watermark: UInt64 = 0
        for try await text in try await connection.query(
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text", logger: logger
        ).decode(String.self) {
            watermark = UInt64(text) ?? 0
        }
        return watermark
    }

    /// The rows (`columns`) of the events after `checkpoint` below `watermark` (the current
    /// snapshot's when nil), only of `types` when given, at most `limit`.
    func gapSafeRows(
        _ columns: String, after checkpoint: Checkpoint, below watermark: UInt64?, types: Set<String>? = nil, limit: Int,
        on connection: PostgresConnection
    ) async throws -> PostgresRowSequence {
        guard (1...EventStoreLimits.maxReadLimit).contains(limit) else { throw EventStoreError.invalidReadLimit(limit) }
        let transaction = String(checkpoint.transactionID)
        let bound = watermark.map(String.init)
        let position = checkpoint.position
        let count = Int32(limit)
        let sortedTypes = types.map { Array($0).sorted() }
        return try await connection.query("""
            SELECT \(unescaped: columns) FROM events
            WHERE transaction_id < coalesce(\(bound)::xid8, pg_snapshot_xmin(pg_current_snapshot()))
              AND (transaction_id, global_position) > (\(transaction)::xid8, \(position)::bigint)
              AND (\(sortedTypes)::text[] IS NULL OR event_type = ANY(\(sortedTypes)::text[]))
            ORDER BY transaction_id, global_position
            LIMIT \(count)
            """, logger: logger)
    }

    /// Where a reader of a page resumes: after its last event when full; otherwise just below
    /// the watermark it was read under, since every matching event below it was in the page.
    static func resumePoint(after checkpoint: Checkpoint, last: Checkpoint?, count: Int, limit: Int, watermark: UInt64) -> (resumeAt: Checkpoint, isFull: Bool) {
        let isFull = count == limit
        var resumeAt = last ?? checkpoint
        if !isFull, watermark > 0 {
            resumeAt = max(resumeAt, Checkpoint(transactionID: watermark - 1, position: .max))
        }
        return (resumeAt, isFull)
    }
}
