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
        let watermark = try await watermark(on: connection)
        let rows = try await gapSafeRows(DigestRow.columns, after: checkpoint, below: watermark, limit: limit, on: connection)
        let events = try await DigestRow.decodeAll(rows)
        let (resumeAt, isFull) = Self.resumePoint(
            after: checkpoint, last: events.last?.checkpoint, count: events.count, limit: limit, watermark: watermark)
        return GapSafeDigestPage(events: events, resumeAt: resumeAt, isFull: isFull)
    }

    /// `readAll(after:limit:)` reading only the digests.
    public func readAllDigests(after checkpoint: Checkpoint = .start, limit: Int = 1_000) async throws -> [EventDigest] {
        try await client.withConnection { connection in
            try await DigestRow.decodeAll(self.gapSafeRows(DigestRow.columns, after: checkpoint, below: nil, limit: limit, on: connection))
        }
    }
}
