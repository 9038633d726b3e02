import PostgresNIO

extension PostgresEventStore {
    /// One stream's events: forwards from `version` (inclusive, versions start at 1), or
    /// backwards from it (`Int.max` for the newest), at most `limit` of them.
    public func readStream(
        _ stream: String, from version: Int = 1, direction: ReadDirection = .forwards, limit: Int = 1_000
    ) async throws -> [RecordedEvent] {
        try AppendValidation(limits: limits).validateStreamID(stream)
        guard (1...EventStoreLimits.maxReadLimit).contains(limit) else { throw EventStoreError.invalidReadLimit(limit) }
        guard version >= 0 else { throw EventStoreError.invalidVersion(version) }
        let from = Int32(clamping: version)
        let count = Int32(limit)
        let query: PostgresQuery
        switch direction {
        case .forwards:
            query = """
                SELECT \(unescaped: EventRow.columns) FROM events
                WHERE stream_id = \(stream) AND stream_version >= \(from)
                ORDER BY stream_version LIMIT \(count)
                """
        case .backwards:
            query = """
                SELECT \(unescaped: EventRow.columns) FROM events
                WHERE stream_id = \(stream) AND stream_version <= \(from)
                ORDER BY stream_version DESC LIMIT \(count)
                """
        }
        let events = try await self.decodeEvents(client.query(query, logger: logger), on: nil)
        // Reaching a stream's end is the usual prelude to appending to it (a command handler
        // folds the stream first), so keep the head and save the append a read.
        if direction == .forwards, events.count < limit, let last = events.last {
            heads.remember(.init(version: last.streamVersion, hash: last.hash), of: stream)
        }
        return events
    }
}
