import EventStore
import Foundation
import OpenAPIRuntime

/// A stored event as the API shows it: as JSON (`RecordedEvent` of the contract) and as one
/// line of ndjson with the same fields.
enum HistoryJSON {
    static func schema(_ event: RecordedEvent, decoder: JSONDecoder) throws -> Components.Schemas.RecordedEvent {
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
            hash: event.hash.hex)
    }

    /// A page of events for a JSON page, one decoder for all their payloads.
    static func schemas(_ events: [RecordedEvent]) throws -> [Components.Schemas.RecordedEvent] {
        let decoder = JSONDecoder()
        return try events.map { try schema($0, decoder: decoder) }
    }

    /// A page of events as ndjson lines, one coder pair for the whole page.
    static func lines(_ events: [RecordedEvent]) throws -> Data {
        let decoder = JSONDecoder()
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var lines = Data()
        for event in events {
            lines.append(try encoder.encode(schema(event, decoder: decoder)))
            lines.append(0x0A)
        }
        return lines
    }
}

/// Streams the history as ndjson, page by page, until the head (or `limit` events). Pull-based:
/// the next page is read only when the client has taken the previous one, so a slow reader
/// costs one page of memory, however long the history is.
enum HistoryStream {
    static func body(store: PostgresEventStore, after: Checkpoint, limit: Int?) -> HTTPBody {
        let reader = PageReader(store: store, cursor: after, remaining: limit ?? Int.max)
        let pages = AsyncThrowingStream<ArraySlice<UInt8>, any Error> { try await reader.next() }
        return HTTPBody(pages, length: .unknown, iterationBehavior: .single)
    }

    actor PageReader {
        let store: PostgresEventStore
        var cursor: Checkpoint
        var remaining: Int
        var finished = false

        init(store: PostgresEventStore, cursor: Checkpoint, remaining: Int) {
            self.store = store
            self.cursor = cursor
            self.remaining = remaining
        }

        /// The next page as ndjson lines; nil at the head.
        func next() async throws -> ArraySlice<UInt8>? {
            guard !finished, remaining > 0 else { return nil }
            let page = try await store.readAll(after: cursor, limit: min(1_000, remaining))
            guard let last = page.last else { return nil }
            cursor = last.checkpoint
            remaining -= page.count
            if page.count < 1_000 { finished = true }
            return ArraySlice(try HistoryJSON.lines(page))
        }
    }
}
