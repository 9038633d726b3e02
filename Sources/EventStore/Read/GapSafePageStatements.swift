import Foundation
import PostgresNIO

/// The statements a follower (a projection worker) sends after every wake-up, prepared once per
/// connection: as unnamed statements each was parsed and planned again on every round, which
/// was most of PostgreSQL's work for a worker with nothing to apply — a round of seven workers
/// followed every few commands (bench/README.md, "Per-request work in the server").

/// The events after `checkpoint` below the gap-safe watermark (no transaction below it is still
/// running), only of `types` when given (sorted, so the bound array is the same every round), at
/// most `limit`; and the watermark itself, read in the same statement and snapshot. Every row
/// carries the watermark, and an empty page is one row with it alone, so a round with nothing to
/// read is one statement.
///
/// The page is the inner query's first `limit` events in gap-safe order, which its `ORDER BY`
/// guarantees. The rows come back in that order from the nested loop over the one `mark` row,
/// but SQL does not promise it, so `inGapSafeOrder` checks it and sorts only a page that came
/// back otherwise. An outer `ORDER BY` made PostgreSQL sort every page a second time (the
/// lateral join hides the inner order from the planner), and pages whose sort did not fit in
/// `work_mem` wrote temporary files: 101–121 MB of them in a 300,000-event rebuild, 15–35 MB
/// without (bench/README.md, "The page read sorted once").
struct GapSafePageStatement: PostgresPreparedStatement {
    static let name = "labledger_gap_safe_page_v3"
    static let sql = """
        WITH mark AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
        SELECT mark.xmin::text, page.global_position, page.stream_id, page.stream_version, page.event_id, page.event_type,
               page.schema_version, page.data_text, page.metadata_text, page.occurred_at_us, page.recorded_at_us,
               page.transaction_text, page.hash
        FROM mark LEFT JOIN LATERAL (
            SELECT \(EventRow.columns) FROM events
            WHERE transaction_id < mark.xmin
              AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
              AND ($3::text[] IS NULL OR event_type = ANY($3::text[]))
            ORDER BY transaction_id, global_position
            LIMIT $4
        ) page ON true
        """
    typealias Row = (watermark: UInt64, event: RecordedEvent?)
    /// Declared rather than inferred from the casts, so that the text of the transaction id and
    /// the 32-bit limit are what the prepared statement takes.
    static let bindingDataTypes: [PostgresDataType] = [.text, .int8, .textArray, .int4]

    var checkpoint: Checkpoint
    var types: [String]?
    var limit: Int32

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(String(checkpoint.transactionID))
        bindings.append(checkpoint.position)
        if let types { bindings.append(types) } else { bindings.appendNull() }
        bindings.append(limit)
        return bindings
    }

    /// `events` in gap-safe order: checked in one pass, sorted only if they came back otherwise.
    static func inGapSafeOrder(_ events: [RecordedEvent]) -> [RecordedEvent] {
        // By index: zipping the page with itself copied every event, twice.
        let ordered = events.indices.dropFirst().allSatisfy { events[$0 - 1].checkpoint < events[$0].checkpoint }
        return ordered ? events : events.sorted { $0.checkpoint < $1.checkpoint }
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try Self.decode(row) }

    /// Read cell by cell: decoding the row as one tuple of thirteen optionals (generic metadata
    /// for each `Optional`) and copying the payload twice made a row cost about 34,700
    /// instructions, 7% of the projection bench's run; about 25,400 now (bench/README.md).
    /// Both page statements select the same columns.
    static func decode(_ row: PostgresRow) throws -> Row {
        var cells = row.makeIterator()
        guard let mark = cells.next() else { throw GapSafePageError.missingColumns }
        let watermark = UInt64(try mark.decode(String.self)) ?? 0
        // The empty page's one row has no event; every event column is NOT NULL (0002), so a
        // row with a position and a NULL elsewhere is a broken row, refused rather than skipped.
        guard let positionCell = cells.next() else { throw GapSafePageError.missingColumns }
        guard positionCell.bytes != nil else { return (watermark, nil) }
        let position = try positionCell.decode(Int64.self)
        func column<T: PostgresDecodable>(_: T.Type) throws -> T {
            guard let cell = cells.next() else { throw GapSafePageError.missingColumns }
            guard cell.bytes != nil else { throw GapSafePageError.incompleteRow(position: position) }
            return try cell.decode(T.self)
        }
        let columns: EventRow.Columns = (
            position, try column(String.self), try column(Int32.self), try column(UUID.self), try column(String.self),
            try column(Int32.self), try column(String.self), try column(String.self), try column(Int64.self), try column(Int64.self),
            try column(String.self), try column(Data.self))
        return (watermark, EventRow.make(columns))
    }
}

enum GapSafePageError: Error, CustomStringConvertible {
    case incompleteRow(position: Int64)
    /// Fewer columns than the statement selects: a server that answered another statement.
    case missingColumns

    var description: String {
        switch self {
        case .incompleteRow(let position): "the event at global position \(position) was read with a NULL column"
        case .missingColumns: "a page row came with fewer columns than the statement selects"
        }
    }
}
