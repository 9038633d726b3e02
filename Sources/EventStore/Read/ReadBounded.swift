import PostgresNIO

extension PostgresEventStore {
    /// Like `readAll(after:limit:)`, but the page also stops once `maxBytes` of event data (the
    /// `data` documents as JSON text) are in it: an event is included only while the events
    /// before it in the page hold fewer than `maxBytes`. The first event is always included,
    /// however large, so a reader always moves on; resume after the last event returned.
    ///
    /// The cut is made by the server (a running sum over the page), so events past it are
    /// never sent: a page of large events costs the reader about `maxBytes` plus one event.
    public func readAll(after checkpoint: Checkpoint, limit: Int, maxBytes: Int) async throws -> [RecordedEvent] {
        guard (1...EventStoreLimits.maxReadLimit).contains(limit) else { throw EventStoreError.invalidReadLimit(limit) }
        let transaction = String(checkpoint.transactionID)
        let position = checkpoint.position
        let count = Int32(limit)
        let bytes = Int64(max(1, maxBytes))
        let rows = try await client.query("""
            SELECT \(unescaped: EventRow.columns) FROM (
                SELECT e.*, sum(s.bytes) OVER (ORDER BY e.transaction_id, e.global_position ROWS UNBOUNDED PRECEDING) - s.bytes AS bytes_before
                FROM events e CROSS JOIN LATERAL (SELECT octet_length(e.data::text)::bigint AS bytes) s
                WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
                  AND (e.transaction_id, e.global_position) > (\(transaction)::xid8, \(position)::bigint)
                ORDER BY e.transaction_id, e.global_position
                LIMIT \(count)
            ) page
            WHERE bytes_before < \(bytes)
            ORDER BY transaction_id, global_position
            """, logger: logger)
        return try await EventRow.decodeAll(rows)
    }

    /// One stream's events forwards from `version` (inclusive), at most `limit` of them and cut
    /// after `maxBytes` of data like `readAll(after:limit:maxBytes:)`: the first is always included.
    public func readStream(_ stream: String, from version: Int, limit: Int, maxBytes: Int) async throws -> [RecordedEvent] {
        try AppendValidation(limits: limits).validateStreamID(stream)
        guard (1...EventStoreLimits.maxReadLimit).contains(limit) else { throw EventStoreError.invalidReadLimit(limit) }
        guard version >= 0 else { throw EventStoreError.invalidVersion(version) }
        let from = Int32(clamping: version)
        let count = Int32(limit)
        let bytes = Int64(max(1, maxBytes))
        let rows = try await client.query("""
            SELECT \(unescaped: EventRow.columns) FROM (
                SELECT e.*, sum(s.bytes) OVER (ORDER BY e.stream_version ROWS UNBOUNDED PRECEDING) - s.bytes AS bytes_before
                FROM events e CROSS JOIN LATERAL (SELECT octet_length(e.data::text)::bigint AS bytes) s
                WHERE e.stream_id = \(stream) AND e.stream_version >= \(from)
                ORDER BY e.stream_version
                LIMIT \(count)
            ) page
            WHERE bytes_before < \(bytes)
            ORDER BY stream_version
            """, logger: logger)
        return try await EventRow.decodeAll(rows)
    }
}
