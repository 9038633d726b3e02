import Foundation
import PostgresNIO

/// What the transparency log needs of an event: where it is in the gap-safe order, its chain
/// hash and the time the database recorded it (the leaf covers both), and its stream and id
/// to name it in a report. Reading only these columns spares the sequencer and the log check
/// of `verify` the event's data and metadata (up to 256 KiB each), which they never look at.
public struct EventDigest: Sendable, Hashable {
    public var globalPosition: Int64
    public var streamID: String
    public var eventID: UUID
    public var transactionID: UInt64
    /// The event's chain hash, 32 bytes.
    public var hash: [UInt8]
    /// Recorded-at exactly as stored, in microseconds since 1970.
    public var recordedAtMicroseconds: Int64

    /// Where a reader that has processed this event resumes.
    public var checkpoint: Checkpoint { Checkpoint(transactionID: transactionID, position: globalPosition) }
}

/// A page of the gap-safe history's digests and where its reader resumes (as `GapSafePage`).
public struct GapSafeDigestPage: Sendable {
    public var events: [EventDigest]
    public var resumeAt: Checkpoint
    public var isFull: Bool
}

enum DigestRow {
    static let columns = """
        global_position, stream_id, event_id, transaction_id::text AS transaction_text,
        hash, floor(extract(epoch FROM recorded_at) * 1000000)::bigint AS recorded_at_us
        """

    static func decodeAll(_ rows: PostgresRowSequence) async throws -> [EventDigest] {
        var digests: [EventDigest] = []
        for try await (position, stream, id, transaction, hash, recorded) in rows.decode((Int64, String, UUID, String, ByteBuffer, Int64).self) {
            digests.append(EventDigest(
                globalPosition: position, streamID: stream, eventID: id, transactionID: UInt64(transaction) ?? 0,
                hash: Array(hash.readableBytesView), recordedAtMicroseconds: recorded))
        }
        return digests
    }
}

extension PostgresEventStore {
    /// `readPage(after:limit:on:)` reading only the digests: the same events, order, watermark
    /// and resume point.
    public func readDigestPage(after checkpoint: Checkpoint, limit: Int, on connection: PostgresConnection) async throws -> GapSafeDigestPage {
        guard (1...EventStoreLimits.maxReadLimit).contains(limit) else { throw EventStoreError.invalidReadLimit(limit) }
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
        let rows = try await connection.query("""
            SELECT \(unescaped: DigestRow.columns) FROM events
            WHERE transaction_id < \(bound)::xid8
              AND (transaction_id, global_position) > (\(transaction)::xid8, \(position)::bigint)
            ORDER BY transaction_id, global_position
            LIMIT \(count)
            """, logger: logger)
        let events = try await DigestRow.decodeAll(rows)
        let isFull = events.count == limit
        var resumeAt = events.last?.checkpoint ?? checkpoint
        if !isFull, watermark > 0 {
            resumeAt = max(resumeAt, Checkpoint(transactionID: watermark - 1, position: .max))
        }
        return GapSafeDigestPage(events: events, resumeAt: resumeAt, isFull: isFull)
    }

    /// `readAll(after:limit:)` reading only the digests.
    public func readAllDigests(after checkpoint: Checkpoint = .start, limit: Int = 1_000) async throws -> [EventDigest] {
        guard (1...EventStoreLimits.maxReadLimit).contains(limit) else { throw EventStoreError.invalidReadLimit(limit) }
        let transaction = String(checkpoint.transactionID)
        let position = checkpoint.position
        let count = Int32(limit)
        let rows = try await client.query("""
            SELECT \(unescaped: DigestRow.columns) FROM events
            WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
              AND (transaction_id, global_position) > (\(transaction)::xid8, \(position)::bigint)
            ORDER BY transaction_id, global_position
            LIMIT \(count)
            """, logger: logger)
        return try await DigestRow.decodeAll(rows)
    }
}
