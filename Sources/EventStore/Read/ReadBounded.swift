import PostgresNIO

extension PostgresEventStore {
    /// Like `readAll(after:limit:)`, but the page also stops once `maxBytes` of event data (the
    /// `data` documents as JSON text) are in it: an event is included only while the events
    /// before it in the page hold fewer than `maxBytes`. The first event is always included,
    /// however large, so a reader always moves on; resume after the last event returned.
    ///
    /// The server walks the index one event at a time (a recursive query) and measures only
    /// the events it includes and the one that stops it: events past the cut are neither sent
    /// nor read. (A running sum over a `LIMIT` page measured every event of the page: a page of
    /// 1 MB events cut after the first still read up to a thousand of them.)
    public func readAll(after checkpoint: Checkpoint, limit: Int, maxBytes: Int) async throws -> [RecordedEvent] {
        guard (1...EventStoreLimits.maxReadLimit).contains(limit) else { throw EventStoreError.invalidReadLimit(limit) }
        let transaction = String(checkpoint.transactionID)
        let position = checkpoint.position
        let count = Int32(limit)
        let bytes = Int64(max(1, maxBytes))
        let rows = try await client.query("""
            WITH RECURSIVE watermark AS (
                SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin
            ), page(n, tx, pos, bytes_before, bytes) AS (
                (SELECT 1, e.transaction_id, e.global_position, 0::bigint, octet_length(e.data::text)::bigint
                 FROM events e, watermark w
                 WHERE e.transaction_id < w.xmin
                   AND (e.transaction_id, e.global_position) > (\(transaction)::xid8, \(position)::bigint)
                 ORDER BY e.transaction_id, e.global_position
                 LIMIT 1)
                UNION ALL
                SELECT p.n + 1, x.transaction_id, x.global_position, p.bytes_before + p.bytes, octet_length(x.data::text)::bigint
                FROM page p CROSS JOIN LATERAL (
                    SELECT e.transaction_id, e.global_position, e.data
                    FROM events e, watermark w
                    WHERE e.transaction_id < w.xmin AND (e.transaction_id, e.global_position) > (p.tx, p.pos)
                    ORDER BY e.transaction_id, e.global_position
                    LIMIT 1
                ) x
                WHERE p.n < \(count) AND p.bytes_before + p.bytes < \(bytes)
            )
            SELECT \(unescaped: EventRow.columns) FROM page JOIN events ON events.global_position = page.pos
            ORDER BY page.n
            """, logger: logger)
        return try await self.decodeEvents(rows, on: nil)
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
            WITH RECURSIVE page(n, version, pos, bytes_before, bytes) AS (
                (SELECT 1, e.stream_version, e.global_position, 0::bigint, octet_length(e.data::text)::bigint
                 FROM events e
                 WHERE e.stream_id = \(stream) AND e.stream_version >= \(from)
                 ORDER BY e.stream_version
                 LIMIT 1)
                UNION ALL
                SELECT p.n + 1, x.stream_version, x.global_position, p.bytes_before + p.bytes, octet_length(x.data::text)::bigint
                FROM page p CROSS JOIN LATERAL (
                    SELECT e.stream_version, e.global_position, e.data
                    FROM events e
                    WHERE e.stream_id = \(stream) AND e.stream_version > p.version
                    ORDER BY e.stream_version
                    LIMIT 1
                ) x
                WHERE p.n < \(count) AND p.bytes_before + p.bytes < \(bytes)
            )
            SELECT \(unescaped: EventRow.columns) FROM page JOIN events ON events.global_position = page.pos
            ORDER BY page.n
            """, logger: logger)
        return try await self.decodeEvents(rows, on: nil)
    }
}
