import PostgresNIO

extension PostgresEventStore {
    /// The next events of the global history after `checkpoint`, in gap-safe order.
    ///
    /// Only events written by transactions older than every transaction still running are
    /// returned (`transaction_id < pg_snapshot_xmin(pg_current_snapshot())`): such a
    /// transaction can no longer commit an event that sorts before them, so a reader that
    /// resumes from the last event it saw never skips one that commits late.
    public func readAll(after checkpoint: Checkpoint = .start, limit: Int = 1_000) async throws -> [RecordedEvent] {
        try await client.withConnection { try await self.readAll(after: checkpoint, limit: limit, on: $0) }
    }

    func readAll(after checkpoint: Checkpoint, limit: Int, on connection: PostgresConnection) async throws -> [RecordedEvent] {
        guard (1...EventStoreLimits.maxReadLimit).contains(limit) else { throw EventStoreError.invalidReadLimit(limit) }
        let transaction = String(checkpoint.transactionID)
        let position = checkpoint.position
        let count = Int32(limit)
        let rows = try await connection.query("""
            SELECT \(unescaped: EventRow.columns) FROM events
            WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
              AND (transaction_id, global_position) > (\(transaction)::xid8, \(position)::bigint)
            ORDER BY transaction_id, global_position
            LIMIT \(count)
            """, logger: logger)
        return try await EventRow.decodeAll(rows)
    }

    /// How long the oldest running write transaction of the cluster has held the gap-safe
    /// watermark back, in seconds (0 when none is running). Readers see nothing it could
    /// precede until it ends, so this is what a stalled projection's operator looks at first.
    public func watermarkAge() async throws -> Double {
        let rows = try await client.query("""
            SELECT coalesce(extract(epoch FROM max(clock_timestamp() - xact_start)), 0)::float8
            FROM pg_stat_activity
            WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
            """, logger: logger)
        for try await age in rows.decode(Double.self) { return age }
        return 0
    }
}
