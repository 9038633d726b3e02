import Foundation
import PostgresNIO

/// What a verification found.
public struct VerificationReport: Sendable, Hashable {
    public var eventsChecked: Int
    public var streamsChecked: Int
    /// The earliest (by global position) event whose stored hash does not match, or whose
    /// predecessor is missing; nil when the whole chain holds.
    public var firstMismatch: ChainMismatch?

    public var isIntact: Bool { firstMismatch == nil }
}

public struct ChainMismatch: Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// The stored hash is not SHA-256(previous ‖ canonical bytes): the row was altered.
        case hashMismatch(stored: Data, recomputed: Data)
        /// The stream skips a version: an event was removed.
        case missingVersion(expected: Int)
    }

    public var globalPosition: Int64
    public var streamID: String
    public var streamVersion: Int
    public var eventID: UUID
    public var reason: Reason

    public var description: String {
        switch reason {
        case .hashMismatch:
            return "event \(eventID.uuidString) (stream '\(streamID)' version \(streamVersion), position \(globalPosition)) does not match its hash"
        case .missingVersion(let expected):
            return "stream '\(streamID)' jumps to version \(streamVersion) at position \(globalPosition); version \(expected) is missing"
        }
    }
}

extension PostgresEventStore {
    /// Recomputes one stream's hash chain from its stored rows.
    public func verify(stream: String) async throws -> VerificationReport {
        try AppendValidation(limits: limits).validateStreamID(stream)
        var walker = ChainWalker()
        var from = 1
        while true {
            let page = try await readStream(stream, from: from, limit: EventStoreLimits.maxReadLimit)
            for event in page { walker.check(ChainLink(event)) }
            guard page.count == EventStoreLimits.maxReadLimit, let last = page.last else { break }
            from = last.streamVersion + 1
        }
        return walker.report
    }

    /// Recomputes every stream's chain, reading the table once in (stream, version) order.
    public func verifyAll() async throws -> VerificationReport {
        var walker = ChainWalker()
        var afterStream = ""
        var afterVersion: Int32 = 0
        let pageSize = Int32(EventStoreLimits.maxReadLimit)
        while true {
            // Only what the chain covers: decoding a whole `RecordedEvent` (its metadata through
            // JSONDecoder, its dates) cost more than the hashing.
            let rows = try await client.query("""
                SELECT \(unescaped: ChainLink.columns) FROM events
                WHERE (stream_id, stream_version) > (\(afterStream), \(afterVersion))
                ORDER BY stream_id, stream_version
                LIMIT \(pageSize)
                """, logger: logger)
            var page: [ChainLink] = []
            page.reserveCapacity(Int(pageSize))
            for try await row in rows.decode(ChainLink.Columns.self) { page.append(ChainLink(row)) }
            for event in page { walker.check(event) }
            guard page.count == Int(pageSize), let last = page.last else { break }
            afterStream = last.streamID
            afterVersion = Int32(last.streamVersion)
        }
        return walker.report
    }
}

/// The fields of a stored event that its chain hash covers, and its place to report it by.
struct ChainLink {
    var globalPosition: Int64
    var streamID: String
    var streamVersion: Int
    var eventID: UUID
    var type: String
    var schemaVersion: Int
    var dataJSON: String
    var metadataJSON: String
    var occurredAtMicroseconds: Int64
    var hash: Data

    static let columns = """
        global_position, stream_id, stream_version, event_id, event_type, schema_version,
        data::text AS data_text, metadata::text AS metadata_text,
        floor(extract(epoch FROM occurred_at) * 1000000)::bigint AS occurred_at_us, hash
        """

    typealias Columns = (Int64, String, Int32, UUID, String, Int32, String, String, Int64, Data)

    init(_ row: Columns) {
        globalPosition = row.0
        streamID = row.1
        streamVersion = Int(row.2)
        eventID = row.3
        type = row.4
        schemaVersion = Int(row.5)
        dataJSON = row.6
        metadataJSON = row.7
        occurredAtMicroseconds = row.8
        hash = row.9
    }

    init(_ event: RecordedEvent) {
        globalPosition = event.globalPosition
        streamID = event.streamID
        streamVersion = event.streamVersion
        eventID = event.eventID
        type = event.type
        schemaVersion = event.schemaVersion
        dataJSON = String(decoding: event.storedData, as: UTF8.self)
        metadataJSON = event.metadataJSON
        occurredAtMicroseconds = event.occurredAtMicroseconds
        hash = event.hash
    }
}

/// Folds events of streams, each in version order, into a report.
struct ChainWalker {
    private var stream: String?
    private var previousHash = HashChain.genesis
    private var expectedVersion = 1
    private var streamBroken = false
    private(set) var report = VerificationReport(eventsChecked: 0, streamsChecked: 0, firstMismatch: nil)

    mutating func check(_ event: ChainLink) {
        // Byte comparison, as PostgreSQL compares: String equality would merge NFC and NFD ids.
        if !event.streamID.utf8.elementsEqual((stream ?? "").utf8) || stream == nil {
            stream = event.streamID
            previousHash = HashChain.genesis
            expectedVersion = 1
            streamBroken = false
            report.streamsChecked += 1
        }
        report.eventsChecked += 1
        // After the first break in a stream the rest of it would all mismatch; only the first counts.
        defer {
            previousHash = event.hash
            expectedVersion = event.streamVersion + 1
        }
        guard !streamBroken else { return }
        if event.streamVersion != expectedVersion {
            record(ChainMismatch(
                globalPosition: event.globalPosition, streamID: event.streamID, streamVersion: event.streamVersion,
                eventID: event.eventID, reason: .missingVersion(expected: expectedVersion)))
            return
        }
        let recomputed = HashChain.recompute(event, previous: previousHash)
        if recomputed != event.hash {
            record(ChainMismatch(
                globalPosition: event.globalPosition, streamID: event.streamID, streamVersion: event.streamVersion,
                eventID: event.eventID, reason: .hashMismatch(stored: event.hash, recomputed: recomputed)))
        }
    }

    private mutating func record(_ mismatch: ChainMismatch) {
        streamBroken = true
        if let current = report.firstMismatch, current.globalPosition <= mismatch.globalPosition { return }
        report.firstMismatch = mismatch
    }
}
