import EventStore
import Foundation
import LabLedgerAudit
import LabLedgerContract
import LabLedgerPrivacy
import OpenAPIRuntime

/// A stored event as the API shows it: as JSON (`RecordedEvent` of the contract) and as one
/// line of ndjson with the same fields.
enum HistoryJSON {
    static func schema(_ event: RecordedEvent, logIndex: Int64?, decoder: JSONDecoder) throws -> Components.Schemas.RecordedEvent {
        let data = try decoder.decode(OpenAPIObjectContainer.self, from: event.data)
        let metadata = event.metadata
        return .init(
            position: event.globalPosition, checkpoint: PositionToken.token(event.checkpoint), stream: event.streamID,
            version: event.streamVersion, _type: event.type, schemaVersion: event.schemaVersion,
            data: .init(additionalProperties: data),
            metadata: .init(
                actor: metadata.actor, onBehalfOf: metadata.onBehalfOf, correlationId: metadata.correlationID,
                causationId: metadata.causationID, requestId: metadata.requestID),
            occurredAt: event.occurredAt, recordedAt: event.recordedAt,
            hash: event.hash.hex, logIndex: logIndex, eventId: event.eventID.uuidString.lowercased(),
            recordedAtMicros: event.recordedAtMicroseconds)
    }

    /// Whether a page read with `limit` and `maxBytes` may have stopped before the end: it is
    /// full, or its events hold at least `maxBytes` of data (then the store cut it there, or it
    /// ended exactly at the head, and the next page says which). The stored bytes, as the
    /// store's query counts them, not the opened ones (a sealed person part opens to fewer).
    static func isCut(_ events: [RecordedEvent], limit: Int, maxBytes: Int) -> Bool {
        events.count == limit || events.reduce(0) { $0 + $1.storedData.count } >= maxBytes
    }

    /// A page of events for a JSON page, each with its log index once sequenced, one decoder
    /// for all their payloads.
    static func schemas(_ events: [RecordedEvent], log: AuditLog) async throws -> [Components.Schemas.RecordedEvent] {
        let indexes = try await log.logIndexes(positions: events.map(\.globalPosition))
        let decoder = JSONDecoder()
        return try events.map { try schema($0, logIndex: indexes[$0.globalPosition], decoder: decoder) }
    }

    /// The encoder of ndjson lines: sorted keys, dates with fractional seconds.
    static func lineEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// One event as one ndjson line, newline included.
    static func line(_ event: RecordedEvent, logIndex: Int64?, encoder: JSONEncoder, decoder: JSONDecoder) throws -> Data {
        var line = try encoder.encode(schema(event, logIndex: logIndex, decoder: decoder))
        line.append(0x0A)
        return line
    }
}

/// Streams the history as ndjson until the head (or `limit` events), in chunks of whole lines
/// of about `chunkBytes` (one line when an event is larger). Pull-based: the next chunk is
/// encoded only when the client has taken the previous one, and the store is read in pages of
/// at most 1,000 events and `pageMaxBytes` of data, so a slow reader costs one such page (plus
/// the one event that may overrun it) and one chunk, however long the history and however
/// large its events.
///
/// The pages are read after the handler has returned, when the server pulls the body, outside
/// the request's task-local scope: the reader of personal data (for the access log) is taken
/// when the body is made and set again around every page read.
enum HistoryStream {
    static let pageSize = 1_000
    static let pageMaxBytes = 262_144
    static let chunkBytes = 65_536

    static func body(store: PostgresEventStore, log: AuditLog, after: Checkpoint, limit: Int?, filter: HistoryFilter) -> HTTPBody {
        let reader = PageReader(
            store: store, log: log, cursor: after, remaining: limit ?? Int.max, filter: filter, personalDataReader: PersonalDataReader.current)
        let lines = AsyncThrowingStream<ArraySlice<UInt8>, any Error> { try await reader.next() }
        return HTTPBody(lines, length: .unknown, iterationBehavior: .single)
    }

    actor PageReader {
        let store: PostgresEventStore
        let log: AuditLog
        let filter: HistoryFilter
        /// Who the request reads personal data for, recorded in the access log as pages open it.
        let personalDataReader: PersonalDataReader?
        var cursor: Checkpoint
        var remaining: Int
        var finished = false
        /// The page in hand, reversed so that taking the next event is `popLast`.
        var pending: [RecordedEvent] = []
        /// Log indexes of the page in hand.
        var logIndexes: [Int64: Int64] = [:]
        let encoder = HistoryJSON.lineEncoder()
        let decoder = JSONDecoder()

        init(
            store: PostgresEventStore, log: AuditLog, cursor: Checkpoint, remaining: Int, filter: HistoryFilter,
            personalDataReader: PersonalDataReader?
        ) {
            self.filter = filter
            self.personalDataReader = personalDataReader
            self.store = store
            self.log = log
            self.cursor = cursor
            self.remaining = remaining
        }

        /// The next lines of the page in hand (reading the next page when it is used up); nil
        /// at the head.
        func next() async throws -> ArraySlice<UInt8>? {
            if pending.isEmpty {
                guard !finished, remaining > 0 else { return nil }
                let size = min(HistoryStream.pageSize, remaining)
                let (store, after, filter) = (self.store, self.cursor, self.filter)
                let page = try await PersonalDataReader.$current.withValue(personalDataReader) {
                    try await store.readAll(after: after, limit: size, maxBytes: HistoryStream.pageMaxBytes, filter: filter)
                }
                // Past the filtered-out events too, so the next page does not walk them again.
                cursor = page.resumeAt
                remaining -= page.events.count
                if !page.isFull { finished = true }
                guard !page.events.isEmpty else { return nil }
                logIndexes = try await log.logIndexes(positions: page.events.map(\.globalPosition))
                pending = page.events.reversed()
            }
            var chunk = Data()
            while chunk.count < HistoryStream.chunkBytes, let event = pending.popLast() {
                chunk.append(try HistoryJSON.line(event, logIndex: logIndexes[event.globalPosition], encoder: encoder, decoder: decoder))
            }
            return chunk.isEmpty ? nil : ArraySlice(chunk)
        }
    }
}
