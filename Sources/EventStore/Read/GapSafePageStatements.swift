import PostgresNIO

/// The statements a follower (a projection worker) sends after every wake-up, prepared once per
/// connection: as unnamed statements each was parsed and planned again on every round, which
/// was most of PostgreSQL's work for a worker with nothing to apply — a round of seven workers
/// followed every few commands (bench/README.md, "Per-request work in the server").

/// The gap-safe watermark: no transaction below it is still running.
struct WatermarkStatement: PostgresPreparedStatement {
    static let name = "labledger_watermark_v1"
    static let sql = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text"
    typealias Row = String

    func makeBindings() throws -> PostgresBindings { PostgresBindings() }
    func decodeRow(_ row: PostgresRow) throws -> String { try row.decode(String.self) }
}

/// The events after `checkpoint` below `watermark`, only of `types` when given (sorted, so the
/// bound array is the same every round), at most `limit`.
struct GapSafePageStatement: PostgresPreparedStatement {
    static let name = "labledger_gap_safe_page_v1"
    static let sql = """
        SELECT \(EventRow.columns) FROM events
        WHERE transaction_id < $1::xid8
          AND (transaction_id, global_position) > ($2::xid8, $3::bigint)
          AND ($4::text[] IS NULL OR event_type = ANY($4::text[]))
        ORDER BY transaction_id, global_position
        LIMIT $5
        """
    typealias Row = EventRow.Columns
    /// Declared rather than inferred from the casts, so that the text of the transaction ids and
    /// the 32-bit limit are what the prepared statement takes.
    static let bindingDataTypes: [PostgresDataType] = [.text, .text, .int8, .textArray, .int4]

    var watermark: UInt64
    var checkpoint: Checkpoint
    var types: [String]?
    var limit: Int32

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 5)
        bindings.append(String(watermark))
        bindings.append(String(checkpoint.transactionID))
        bindings.append(checkpoint.position)
        if let types { bindings.append(types) } else { bindings.appendNull() }
        bindings.append(limit)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
