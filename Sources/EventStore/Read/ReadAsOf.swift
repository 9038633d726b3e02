import PostgresNIO

/// A point of the history to read a stream as of. Every bound is inclusive.
public enum HistoryPoint: Sendable, Equatable {
    /// Everything stored.
    case head
    /// The events with a log index at most this (the sequenced history; docs/audit.md).
    case logIndex(Int64)
    /// The events at a global position at most this.
    case position(Int64)
    /// The events recorded at or before this many microseconds since the Unix epoch.
    case recordedAt(Int64)
    /// The events that occurred at or before this many microseconds since the Unix epoch,
    /// whenever they were recorded.
    case occurredAt(Int64)
}

extension PostgresEventStore {
    /// Every event of `streams` up to `point`, one stream after another in the order given,
    /// each in stream order, read in pages of 1,000 and handed to `body` page by page so that
    /// a caller folding them keeps only its state. Only committed events are visible; events
    /// of a stream that occurred before `point` but were recorded late are included on the
    /// occurred axis, in their stream order.
    public func readStreams(
        _ streams: [String], upTo point: HistoryPoint, _ body: ([RecordedEvent]) throws -> Void
    ) async throws {
        let page = 1_000
        var log: Int64?, position: Int64?, recorded: Int64?, occurred: Int64?
        switch point {
        case .head: break
        case .logIndex(let index): log = index
        case .position(let value): position = value
        case .recordedAt(let micros): recorded = micros
        case .occurredAt(let micros): occurred = micros
        }
        for stream in streams {
            var after: Int32 = 0
            while true {
                let rows = try await client.query("""
                    SELECT \(unescaped: EventRow.columns) FROM events e
                    WHERE e.stream_id = \(stream) AND e.stream_version > \(after)
                      AND (\(position)::bigint IS NULL OR e.global_position <= \(position)::bigint)
                      AND (\(log)::bigint IS NULL OR EXISTS (
                            SELECT 1 FROM log_entries l WHERE l.global_position = e.global_position AND l.log_index <= \(log)::bigint))
                      AND (\(recorded)::bigint IS NULL OR e.recorded_at <= timestamptz 'epoch' + \(recorded)::bigint * interval '1 microsecond')
                      AND (\(occurred)::bigint IS NULL OR e.occurred_at <= timestamptz 'epoch' + \(occurred)::bigint * interval '1 microsecond')
                    ORDER BY e.stream_version
                    LIMIT \(Int32(page))
                    """, logger: logger)
                let events = try await self.decodeEvents(rows, on: nil)
                if !events.isEmpty { try body(events) }
                guard events.count == page, let last = events.last else { break }
                after = Int32(clamping: last.streamVersion)
            }
        }
    }

    /// The highest global position stored (0 when empty): positions beyond it are in the future.
    public func headPosition() async throws -> Int64 {
        let rows = try await client.query("SELECT coalesce(max(global_position), 0) FROM events", logger: logger)
        for try await value in rows.decode(Int64.self) { return value }
        return 0
    }
}
