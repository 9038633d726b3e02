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
        try await self.decodeEvents(gapSafeRows(EventRow.columns, after: checkpoint, below: nil, limit: limit, on: connection), on: connection)
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
