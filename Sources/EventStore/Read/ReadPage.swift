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
    /// `scan` says how PostgreSQL finds them (`PageScan`); the page is the same either way.
    public func readPage(
        after checkpoint: Checkpoint, limit: Int, types: Set<String>? = nil, scan: PageScan = .inOrder,
        on connection: PostgresConnection
    ) async throws -> GapSafePage {
        guard (1...EventStoreLimits.maxReadLimit).contains(limit) else { throw EventStoreError.invalidReadLimit(limit) }
        let sortedTypes = types.map { Array($0).sorted() }
        let (watermark, rows) =
            if scan == .byType, let sortedTypes,
                let page = TypedGapSafePageStatement(checkpoint: checkpoint, types: sortedTypes, limit: Int32(limit))
            {
                try await withGenericPlan(on: connection) { try await pageRows(page, on: $0) }
            } else {
                try await pageRows(
                    GapSafePageStatement(checkpoint: checkpoint, types: sortedTypes, limit: Int32(limit)), on: connection)
            }
        let events = try await self.openProtected(GapSafePageStatement.inGapSafeOrder(rows), on: connection)
        let (resumeAt, isFull) = Self.resumePoint(
            after: checkpoint, last: events.last?.checkpoint, count: events.count, limit: limit, watermark: watermark)
        return GapSafePage(events: events, resumeAt: resumeAt, isFull: isFull)
    }

    /// Runs `body` with PostgreSQL told to use the prepared statement's generic plan, then
    /// resets the setting to the session's default (the server's, the role's or the
    /// connection's; nothing in LabLedger sets it otherwise). By default PostgreSQL plans a prepared statement's first
    /// five executions on each connection for their values: for the typed page that is 6–9 ms of
    /// planning forty branches per page, and with the values in view it scans the order index
    /// for a type that is a large share of the events, the very scan the typed page is there to
    /// avoid. The generic plan reads every type through its own index from the first page; a
    /// rebuild's runner reads only a few dozen pages (bench/README.md, "Each type's events read
    /// through its own index").
    private func withGenericPlan<Result>(
        on connection: PostgresConnection, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await connection.query("SET plan_cache_mode = force_generic_plan", logger: logger)
        let result: Result
        do {
            result = try await body(connection)
        } catch {
            try? await connection.query("RESET plan_cache_mode", logger: logger)
            throw error
        }
        try await connection.query("RESET plan_cache_mode", logger: logger)
        return result
    }

    private func pageRows<Statement: PostgresPreparedStatement>(
        _ statement: Statement, on connection: PostgresConnection
    ) async throws -> (watermark: UInt64, events: [RecordedEvent]) where Statement.Row == GapSafePageStatement.Row {
        var watermark: UInt64 = 0
        var events: [RecordedEvent] = []
        for try await row in try await connection.execute(statement, logger: logger) {
            watermark = row.watermark
            if let event = row.event { events.append(event) }
        }
        return (watermark, events)
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
