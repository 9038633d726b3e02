import Foundation

/// The checks an append passes before any I/O, with a precise typed error for each; the
/// table's CHECK constraints stay as the last line of defence.
struct AppendValidation {
    let limits: EventStoreLimits

    func validate(stream: String, events: [EventData]) throws(EventStoreError) -> [ValidatedEvent] {
        try validateStreamID(stream)
        guard !events.isEmpty else { throw .emptyAppend(stream: stream) }
        guard events.count <= limits.maxEventsPerAppend else {
            throw .tooManyEvents(count: events.count, limit: limits.maxEventsPerAppend)
        }
        var seen = Set<UUID>()
        var validated: [ValidatedEvent] = []
        validated.reserveCapacity(events.count)
        // The events of one append usually share their metadata (one command, one request):
        // printed once, not once per event.
        var printed: (metadata: EventMetadata, text: String)?
        for event in events {
            guard seen.insert(event.id).inserted else { throw .duplicateEventID(event.id) }
            try validateEventType(event.type)
            guard event.schemaVersion >= 1, event.schemaVersion <= Int(Int32.max) else {
                throw .invalidSchemaVersion(eventID: event.id, version: event.schemaVersion)
            }
            guard event.data.count <= limits.maxDataBytes else {
                throw .payloadTooLarge(eventID: event.id, bytes: event.data.count, limit: limits.maxDataBytes)
            }
            guard let raw = String(data: event.data, encoding: .utf8) else {
                throw .payloadNotJSONObject(eventID: event.id, field: "data")
            }
            let data: ValidatedEvent.JSONText
            switch CanonicalJSON.canonicalObject(Array(event.data)) {
            case .canonical(let text): data = .canonical(text)
            case .needsDatabase: data = .raw(raw)
            case .notAnObject: throw .payloadNotJSONObject(eventID: event.id, field: "data")
            }
            let metadataRaw: String
            if let printed, printed.metadata.isByteIdentical(to: event.metadata) {
                metadataRaw = printed.text
            } else {
                metadataRaw = event.metadata.jsonText()
                printed = (event.metadata, metadataRaw)
            }
            guard metadataRaw.utf8.count <= limits.maxMetadataBytes else {
                throw .payloadTooLarge(eventID: event.id, bytes: metadataRaw.utf8.count, limit: limits.maxMetadataBytes)
            }
            // Microseconds travel as float8 into the interval arithmetic; beyond ±2^53 µs (about
            // 285 years from 1970) they would round, and the stored time would differ from the hashed one.
            guard event.occurredAt.timeIntervalSince1970.isFinite,
                  (Self.earliestOccurredAt...Self.latestOccurredAt).contains(event.occurredAt.timeIntervalSince1970)
            else { throw .occurredAtOutOfRange(eventID: event.id) }
            validated.append(ValidatedEvent(
                event: event, data: data, metadataText: metadataRaw,
                occurredAtMicroseconds: Int64((event.occurredAt.timeIntervalSince1970 * 1_000_000).rounded())))
        }
        return validated
    }

    /// 1900-01-01 and 2200-01-01, in seconds since 1970.
    static let earliestOccurredAt: Double = -2_208_988_800
    static let latestOccurredAt: Double = 7_258_118_400

    func validateStreamID(_ stream: String) throws(EventStoreError) {
        // Every stream id the domain writes is printable ASCII, settled in one pass over its
        // bytes, as event types are (below): counting characters and looking up each scalar's
        // category cost about 10,000 instructions an append in a callgrind profile.
        if !stream.isEmpty, stream.utf8.count <= limits.maxStreamIDLength, stream.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) {
            return
        }
        if stream.isEmpty { throw .invalidStreamID(stream, reason: "it is empty") }
        // Characters as the table's CHECK counts them (`char_length`, code points), not as
        // Swift groups them: 150 × "e\u{301}" is 150 Swift characters and 300 code points.
        if stream.unicodeScalars.count > limits.maxStreamIDLength {
            throw .invalidStreamID(stream, reason: "it is longer than \(limits.maxStreamIDLength) characters")
        }
        if stream.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " }) {
            throw .invalidStreamID(stream, reason: "it contains spaces or control characters")
        }
    }

    private func validateEventType(_ type: String) throws(EventStoreError) {
        // Every type the domain writes is printable ASCII: one pass over its bytes settles it,
        // where counting characters and looking up each scalar's category cost 7,000
        // instructions an event in the release profile.
        if !type.isEmpty, type.utf8.count <= limits.maxEventTypeLength,
            type.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        {
            return
        }
        if type.isEmpty { throw .invalidEventType(type, reason: "it is empty") }
        if type.unicodeScalars.count > limits.maxEventTypeLength {
            throw .invalidEventType(type, reason: "it is longer than \(limits.maxEventTypeLength) characters")
        }
        if type.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " }) {
            throw .invalidEventType(type, reason: "it contains spaces or control characters")
        }
    }
}

struct ValidatedEvent {
    enum JSONText {
        /// Already in jsonb's text form.
        case canonical(String)
        /// Valid JSON that only the database can print in jsonb's form (exponents, odd escapes).
        case raw(String)
    }

    let event: EventData
    var data: JSONText
    /// Written in jsonb's text form by `EventMetadata.jsonText()` itself.
    let metadataText: String
    let occurredAtMicroseconds: Int64

    var needsDatabaseCanonicalisation: Bool {
        if case .raw = data { return true }
        return false
    }

    /// The text to store: canonical once canonicalised, else as received.
    var dataText: String {
        switch data { case .canonical(let text), .raw(let text): return text }
    }
}
