import PostgresNIO

/// A page of the gap-safe history and where its reader resumes.
public struct GapSafePage: Sendable {
    public var events: [RecordedEvent]
    /// After the last event when the page is full; otherwise just below the watermark the page
    /// was read under, since every matching event below it was in the page. A reader that
    /// filters by type thus moves past the events it does not read instead of scanning them
    /// again at every poll.
    public var resumeAt: Checkpoint
    /// True when the page was cut by its limit (more may be waiting).
    public var isFull: Bool
}

extension PostgresEventStore {
    /// The next events after `checkpoint` in gap-safe order, only of `types` when given, on a
    /// connection of the caller's (a projection worker reads on the connection holding its lock).
    public func readPage(
        after checkpoint: Checkpoint, limit: Int, types: Set<String>? = nil, on connection: PostgresConnection
    ) async throws -> GapSafePage {
        guard (1...EventStoreLimits.maxReadLimit).contains(limit) else { throw EventStoreError.invalidReadLimit(limit) }
        // The watermark is taken first and bound: reading under an older watermark is only more
        // cautious, and knowing it lets a short page say how far the reader may skip.
        var watermark: UInt64 = 0
        for try await text in try await connection.query(
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text", logger: logger
        ).decode(String.self) {
            watermark = UInt64(text) ?? 0
        }
        let transaction = String(checkpoint.transactionID)
        let bound = String(watermark)
        let position = checkpoint.position
        let count = Int32(limit)
        let rows: PostgresRowSequence
        if let types {
            rows = try await connection.query("""
                SELECT \(unescaped: EventRow.columns) FROM events
                WHERE transaction_id < \(bound)::xid8
                  AND (transaction_id, global_position) > (\(transaction)::xid8, \(position)::bigint)
                  AND event_type = ANY(\(Array(types).sorted()))
                ORDER BY transaction_id, global_position
                LIMIT \(count)
                """, logger: logger)
        } else {
            rows = try await connection.query("""
                SELECT \(unescaped: EventRow.columns) FROM events
                WHERE transaction_id < \(bound)::xid8
                  AND (transaction_id, global_position) > (\(transaction)::xid8, \(position)::bigint)
                ORDER BY transaction_id, global_position
                LIMIT \(count)
                """, logger: logger)
        }
        let events = try await EventRow.decodeAll(rows)
        let isFull = events.count == limit
        var resumeAt = events.last?.checkpoint ?? checkpoint
        if !isFull, watermark > 0 {
            resumeAt = max(resumeAt, Checkpoint(transactionID: watermark - 1, position: .max))
        }
        return GapSafePage(events: events, resumeAt: resumeAt, isFull: isFull)
    }

    /// The event at `position`, if any (dead letters name events by position).
    public func readEvent(at position: Int64, on connection: PostgresConnection) async throws -> RecordedEvent? {
        let rows = try await connection.query(
            "SELECT \(unescaped: EventRow.columns) FROM events WHERE global_position = \(position)", logger: logger)
        return try await EventRow.decodeAll(rows).first
    }

    /// Errors that a new connection can cure. Anything else (a bad query, missing privileges,
    /// a constraint) would fail again, and is the caller's to report.
    public static func isConnectionFailure(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("08") || state.hasPrefix("57P") || state == "53300"
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown, .listenFailed, .poolClosed:
            return true
        default:
            return false
        }
    }
}
