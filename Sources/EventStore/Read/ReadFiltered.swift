import PostgresNIO

extension PostgresEventStore {
    /// Like `readAll(after:limit:maxBytes:)`, only the events `filter` matches, and with where
    /// the reader resumes: after the last event of a cut page, else just below the watermark
    /// the page was read under (every matching event below it was in the page), so a reader
    /// polling with a filter moves past the events it skipped instead of scanning them again.
    ///
    /// The watermark is taken first and bound, as in `readPage`: reading under an older
    /// watermark is only more cautious. Every filter value is a bound parameter; an absent
    /// filter is a NULL that the planner folds away (unnamed statements are planned with
    /// their values).
    public func readAll(after checkpoint: Checkpoint, limit: Int, maxBytes: Int, filter: HistoryFilter) async throws -> GapSafePage {
        guard (1...EventStoreLimits.maxReadLimit).contains(limit) else { throw EventStoreError.invalidReadLimit(limit) }
        return try await client.withConnection { connection in
            var watermark: UInt64 = 0
            for try await text in try await connection.query(
                "SELECT pg_snapshot_xmin(pg_current_snapshot())::text", logger: self.logger
            ).decode(String.self) {
                watermark = UInt64(text) ?? 0
            }
            let rows = try await connection.query(
                Self.filteredPageQuery(after: checkpoint, watermark: watermark, limit: limit, maxBytes: maxBytes, filter: filter),
                logger: self.logger)
            let events = try await self.decodeEvents(rows, on: connection)
            // The stored bytes, as the query counted them: opened payloads are smaller (a
            // sealed part opens to less) or larger, and counting those would call a page cut
            // by the byte budget complete and resume past the events it did not reach.
            let bytes = events.reduce(0) { $0 + $1.storedData.count }
            let isCut = events.count == limit || bytes >= maxBytes
            var resumeAt = events.last?.checkpoint ?? checkpoint
            if !isCut, watermark > 0 {
                resumeAt = max(resumeAt, Checkpoint(transactionID: watermark - 1, position: .max))
            }
            return GapSafePage(events: events, resumeAt: resumeAt, isFull: isCut)
        }
    }

    /// The byte-bounded walk of `readAll(after:limit:maxBytes:)` with the filter in both steps.
    static func filteredPageQuery(after checkpoint: Checkpoint, watermark: UInt64, limit: Int, maxBytes: Int, filter: HistoryFilter) -> PostgresQuery {
        let transaction = String(checkpoint.transactionID)
        let bound = String(watermark)
        let position = checkpoint.position
        let count = Int32(limit)
        let bytes = Int64(max(1, maxBytes))
        let types = filter.types
        let categories = filter.categories
        let party = filter.party
        let occurredFrom = filter.occurredFromMicros
        let occurredTo = filter.occurredToMicros
        let recordedFrom = filter.recordedFromMicros
        let recordedTo = filter.recordedToMicros
        // The predicate is written out in both steps (the anchor and the recursive one): a
        // PostgresQuery cannot be spliced into another, and a parameters CTE would hide the
        // NULLs from the planner. The party's streams are read once per page, not at every step.
        return """
            WITH RECURSIVE party_streams(stream_id) AS MATERIALIZED (
                SELECT history_party_streams(\(party)::text) WHERE \(party)::text IS NOT NULL
            ),
            page(n, tx, pos, bytes_before, bytes) AS (
                (SELECT 1, e.transaction_id, e.global_position, 0::bigint, octet_length(e.data::text)::bigint
                 FROM events e
                 WHERE e.transaction_id < \(bound)::xid8
                   AND (e.transaction_id, e.global_position) > (\(transaction)::xid8, \(position)::bigint)
                   AND (\(types)::text[] IS NULL OR e.event_type = ANY(\(types)::text[]))
                   AND (\(categories)::text[] IS NULL OR split_part(e.stream_id, '-', 1) = ANY(\(categories)::text[]))
                   AND (\(occurredFrom)::bigint IS NULL OR e.occurred_at >= timestamptz 'epoch' + \(occurredFrom)::bigint * interval '1 microsecond')
                   AND (\(occurredTo)::bigint IS NULL OR e.occurred_at < timestamptz 'epoch' + \(occurredTo)::bigint * interval '1 microsecond')
                   AND (\(recordedFrom)::bigint IS NULL OR e.recorded_at >= timestamptz 'epoch' + \(recordedFrom)::bigint * interval '1 microsecond')
                   AND (\(recordedTo)::bigint IS NULL OR e.recorded_at < timestamptz 'epoch' + \(recordedTo)::bigint * interval '1 microsecond')
                   AND (\(party)::text IS NULL
                        OR e.stream_id = 'party-' || \(party)::text
                        OR e.metadata ->> 'onBehalfOf' = \(party)::text
                        OR e.stream_id IN (SELECT stream_id FROM party_streams))
                 ORDER BY e.transaction_id, e.global_position
                 LIMIT 1)
                UNION ALL
                SELECT p.n + 1, x.transaction_id, x.global_position, p.bytes_before + p.bytes, octet_length(x.data::text)::bigint
                FROM page p CROSS JOIN LATERAL (
                    SELECT e.transaction_id, e.global_position, e.data
                    FROM events e
                    WHERE e.transaction_id < \(bound)::xid8 AND (e.transaction_id, e.global_position) > (p.tx, p.pos)
                   AND (\(types)::text[] IS NULL OR e.event_type = ANY(\(types)::text[]))
                   AND (\(categories)::text[] IS NULL OR split_part(e.stream_id, '-', 1) = ANY(\(categories)::text[]))
                   AND (\(occurredFrom)::bigint IS NULL OR e.occurred_at >= timestamptz 'epoch' + \(occurredFrom)::bigint * interval '1 microsecond')
                   AND (\(occurredTo)::bigint IS NULL OR e.occurred_at < timestamptz 'epoch' + \(occurredTo)::bigint * interval '1 microsecond')
                   AND (\(recordedFrom)::bigint IS NULL OR e.recorded_at >= timestamptz 'epoch' + \(recordedFrom)::bigint * interval '1 microsecond')
                   AND (\(recordedTo)::bigint IS NULL OR e.recorded_at < timestamptz 'epoch' + \(recordedTo)::bigint * interval '1 microsecond')
                   AND (\(party)::text IS NULL
                        OR e.stream_id = 'party-' || \(party)::text
                        OR e.metadata ->> 'onBehalfOf' = \(party)::text
                        OR e.stream_id IN (SELECT stream_id FROM party_streams))
                    ORDER BY e.transaction_id, e.global_position
                    LIMIT 1
                ) x
                WHERE p.n < \(count) AND p.bytes_before + p.bytes < \(bytes)
            )
            SELECT \(unescaped: EventRow.columns) FROM page JOIN events ON events.global_position = page.pos
            ORDER BY page.n
            """
    }
}
