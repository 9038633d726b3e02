import PostgresNIO

/// How a page of the gap-safe history is read from PostgreSQL. Both give the same page.
public enum PageScan: Sendable {
    /// One scan of the history in gap-safe order (`events_transaction_order`), passing over the
    /// events of other types: cheap to plan, and the right read for the few events after a
    /// checkpoint near the end (a projection following live).
    case inOrder
    /// Each type's events through `events_type_order`, merged in gap-safe order: no event of
    /// another type is touched. For a long stretch of history (a rebuild, a projection behind),
    /// where the in-order scan passed over about three events for every one a projection reads.
    /// Its plan is dearer (one branch per type), so it is not for a live follower's small pages.
    /// A reader of more than `maximumTypesByType` types reads in order.
    case byType

    public static let maximumTypesByType = TypedGapSafePageStatement.branches
}

/// The page `GapSafePageStatement` reads, read per type: one branch per type, each the first
/// `limit` events of its type after the checkpoint and below the watermark in gap-safe order,
/// and PostgreSQL merges the branches (a Merge Append) and stops at `limit`. The first `limit`
/// of the union are the first `limit` of the events of those types, so the page is the same.
///
/// The statement has a fixed number of branches so that it is prepared once per connection;
/// unused branches get NULL, which matches no event (`event_type` is NOT NULL, and `=` with NULL
/// is never true), and PostgreSQL reads nothing for them. A reader of more types than branches
/// reads in order instead.
///
/// On a 300,000-event history, reading every projection's events in pages of 10,000 took the
/// PostgreSQL backends 2.09–2.39 s of CPU this way (with the generic plan, see `readPage`)
/// against 2.64–2.97 s in order (bench/README.md, "Each type's events read through its own index").
struct TypedGapSafePageStatement: PostgresPreparedStatement {
    /// More than any projection reads (deadlines reads 32 types).
    static let branches = 40
    static let name = "labledger_gap_safe_typed_page_v1"
    static let sql: String = {
        let branch = { (index: Int) in
            """
            (SELECT transaction_id AS gap_safe_order, \(EventRow.columns) FROM events
                WHERE event_type = $\(index + 4) AND transaction_id < mark.xmin
                  AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
                ORDER BY transaction_id, global_position
                LIMIT $3)
            """
        }
        return """
            WITH mark AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
            SELECT mark.xmin::text, page.global_position, page.stream_id, page.stream_version, page.event_id, page.event_type,
                   page.schema_version, page.data_text, page.metadata_text, page.occurred_at_us, page.recorded_at_us,
                   page.transaction_text, page.hash
            FROM mark LEFT JOIN LATERAL (
                \((0..<branches).map(branch).joined(separator: "\n    UNION ALL\n"))
                ORDER BY gap_safe_order, global_position
                LIMIT $3
            ) page ON true
            """
    }()
    typealias Row = GapSafePageStatement.Row
    static let bindingDataTypes: [PostgresDataType] =
        [.text, .int8, .int4] + Array(repeating: .text, count: branches)

    let checkpoint: Checkpoint
    /// At most `branches`, each once (a type twice would read its events twice).
    let types: [String]
    let limit: Int32

    /// The statement for `types`, or nil when there are more than it has branches for (or
    /// none: the in-order read answers an empty list without a plan of forty branches).
    init?(checkpoint: Checkpoint, types: [String], limit: Int32) {
        guard !types.isEmpty, types.count <= Self.branches else { return nil }
        precondition(Set(types).count == types.count, "a page's types are distinct")
        self.checkpoint = checkpoint
        self.types = types
        self.limit = limit
    }

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3 + Self.branches)
        bindings.append(String(checkpoint.transactionID))
        bindings.append(checkpoint.position)
        bindings.append(limit)
        for type in types { bindings.append(type) }
        for _ in types.count..<Self.branches { bindings.appendNull() }
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try GapSafePageStatement.decode(row) }
}
