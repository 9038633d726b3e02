import Foundation
import PostgresNIO

/// The columns every read selects, and how a row becomes a `RecordedEvent`.
enum EventRow {
    /// Text renderings get names of their own: an output column named `transaction_id` would
    /// make `ORDER BY transaction_id` sort the text ("968" after "1193"), not the xid8.
    static let columns = """
        global_position, stream_id, stream_version, event_id, event_type, schema_version,
        data::text AS data_text, metadata::text AS metadata_text,
        floor(extract(epoch FROM occurred_at) * 1000000)::bigint AS occurred_at_us,
        floor(extract(epoch FROM recorded_at) * 1000000)::bigint AS recorded_at_us,
        transaction_id::text AS transaction_text, hash
        """

    typealias Columns = (Int64, String, Int32, UUID, String, Int32, String, String, Int64, Int64, String, Data)

    static func decodeAll(_ rows: PostgresRowSequence) async throws -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        for try await row in rows.decode(Columns.self) {
            events.append(make(row))
        }
        return events
    }

    static func make(_ row: Columns) -> RecordedEvent {
        let (position, stream, version, id, type, schemaVersion, data, metadata, occurred, recorded, transaction, hash) = row
        // One copy of the payload's bytes, shared until either is changed (unsealing replaces `data`).
        let payload = Data(data.utf8)
        return RecordedEvent(
            globalPosition: position, streamID: stream, streamVersion: Int(version), eventID: id, type: type,
            schemaVersion: Int(schemaVersion), data: payload, storedData: payload,
            metadata: EventMetadata.decode(jsonText: metadata),
            occurredAt: date(fromMicroseconds: occurred), recordedAt: date(fromMicroseconds: recorded),
            transactionID: UInt64(transaction) ?? 0, hash: hash,
            occurredAtMicroseconds: occurred, recordedAtMicroseconds: recorded, metadataJSON: metadata)
    }

    static func date(fromMicroseconds micros: Int64) -> Date {
        Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }
}

extension PostgresEventStore {
    /// The rows as events, their protected parts opened: every read hands out events this way.
    /// `connection` is the one the rows were read on: protection opens on it rather than taking
    /// a second connection from the pool while the caller holds this one. Without it (rows read
    /// through the client, fully consumed here first) protection opens on a connection of its
    /// own, by then the only one this read holds.
    func decodeEvents(_ rows: PostgresRowSequence, on connection: PostgresConnection?) async throws -> [RecordedEvent] {
        try await openProtected(try await EventRow.decodeAll(rows), on: connection)
    }

    /// `events` with their protected parts opened, as `decodeEvents` hands them out.
    func openProtected(_ events: [RecordedEvent], on connection: PostgresConnection?) async throws -> [RecordedEvent] {
        guard let protection, !events.isEmpty else { return events }
        if let connection { return try await protection.open(events, on: connection) }
        return try await client.withConnection { try await protection.open(events, on: $0) }
    }
}
