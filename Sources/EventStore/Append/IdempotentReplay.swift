import Foundation
import PostgresNIO

extension PostgresEventStore {
    /// The result of an earlier append of exactly these events, or nil when none of their ids
    /// is stored. Ids stored with other content, in another stream, out of order, or only some
    /// of them, are an `idempotencyConflict`: answering success there would hide a lost write.
    /// Metadata and occurredAt are not compared: a retried request legitimately carries a new
    /// request id and clock reading.
    func previousAppend(of batch: [ValidatedEvent], to stream: String, on connection: PostgresConnection) async throws -> AppendResult? {
        let ids = batch.map(\.event.id)
        let types = batch.map(\.event.type)
        let schemaVersions = batch.map { Int32($0.event.schemaVersion) }
        let data = batch.map(\.dataText)
        let rows = try await connection.query("""
            SELECT b.n, e.global_position, e.stream_version, e.transaction_id::text,
                   coalesce(e.stream_id = \(stream) AND e.event_type = b.event_type
                            AND e.schema_version = b.schema_version AND e.data = b.data::jsonb, false)
            FROM unnest(\(ids)::uuid[], \(types)::text[], \(schemaVersions)::int[], \(data)::text[])
                     WITH ORDINALITY AS b(event_id, event_type, schema_version, data, n)
            LEFT JOIN events e ON e.event_id = b.event_id
            ORDER BY b.n
            """, logger: logger)
        var found: [(position: Int64, version: Int32, transaction: UInt64)] = []
        var missing = 0
        var differing = false
        for try await (_, position, version, transaction, same) in rows.decode((Int64, Int64?, Int32?, String?, Bool).self) {
            guard let position, let version, let transaction else { missing += 1; continue }
            if !same { differing = true }
            found.append((position, version, UInt64(transaction) ?? 0))
        }
        if found.isEmpty { return nil }
        let contiguous = zip(found, found.dropFirst()).allSatisfy { $1.version == $0.version + 1 }
        guard missing == 0, !differing, contiguous,
              let last = found.last
        else { throw EventStoreError.idempotencyConflict(stream: stream, eventIDs: ids) }
        return AppendResult(
            streamVersion: Int(last.version), positions: found.map(\.position),
            transactionID: last.transaction, wasAlreadyAppended: true)
    }
}
