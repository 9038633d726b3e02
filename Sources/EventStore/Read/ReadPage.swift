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
        let page = GapSafePageStatement(checkpoint: checkpoint, types: types.map { Array($0).sorted() }, limit: Int32(limit))
        var watermark: UInt64 = 0
        var rows: [RecordedEvent] = []
        for try await row in try await connection.execute(page, logger: logger) {
            watermark = row.watermark
            if let event = row.event { rows.append(event) }
        }
        let events = try await self.openProtected(GapSafePageStatement.inGapSafeOrder(rows), on: connection)
        let (resumeAt, isFull) = Self.resumePoint(
            after: checkpoint, last: events.last?.checkpoint, count: events.count, limit: limit, watermark: watermark)
        return GapSafePage(events: events, resumeAt: resumeAt, isFull: isFull)
    }

    /// The event at `position`, if any (dead letters name events by position).
    public func readEvent(at position: Int64, on connection: PostgresConnection) async throws -> RecordedEvent? {
        let rows = try await connection.query(
            "SELECT \(unescaped: EventRow.columns) FROM events WHERE global_position = \(position)", logger: logger)
        return try await self.decodeEvents(rows, on: connection).first
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
