import Foundation

/// The checks an append passes before any I/O. They mirror the table's CHECK constraints,
/// which stay as the last line of defence, but answer with a precise typed error.
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
        for event in events {
            guard seen.insert(event.id).inserted else { throw .duplicateEventID(event.id) }
            try validateEventType(event.type)
            guard event.schemaVersion >= 1, event.schemaVersion <= Int(Int32.max) else {
                throw .invalidSchemaVersion(eventID: event.id, version: event.schemaVersion)
            }
            guard event.data.count <= limits.maxDataBytes else {
                throw .payloadTooLarge(eventID: event.id, bytes: event.data.count, limit: limits.maxDataBytes)
            }
            guard let dataText = Self.jsonObjectText(event.data) else {
                throw .payloadNotJSONObject(eventID: event.id, field: "data")
            }
            let metadataText = event.metadata.jsonText()
            guard metadataText.utf8.count <= limits.maxMetadataBytes else {
                throw .payloadTooLarge(eventID: event.id, bytes: metadataText.utf8.count, limit: limits.maxMetadataBytes)
            }
            validated.append(ValidatedEvent(event: event, dataText: dataText, metadataText: metadataText))
        }
        return validated
    }

    func validateStreamID(_ stream: String) throws(EventStoreError) {
        if stream.isEmpty { throw .invalidStreamID(stream, reason: "it is empty") }
        if stream.count > limits.maxStreamIDLength {
            throw .invalidStreamID(stream, reason: "it is longer than \(limits.maxStreamIDLength) characters")
        }
        if stream.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " }) {
            throw .invalidStreamID(stream, reason: "it contains spaces or control characters")
        }
    }

    private func validateEventType(_ type: String) throws(EventStoreError) {
        if type.isEmpty { throw .invalidEventType(type, reason: "it is empty") }
        if type.count > limits.maxEventTypeLength {
            throw .invalidEventType(type, reason: "it is longer than \(limits.maxEventTypeLength) characters")
        }
        if type.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " }) {
            throw .invalidEventType(type, reason: "it contains spaces or control characters")
        }
    }

    /// The payload as text when it is UTF-8 holding exactly one JSON object.
    static func jsonObjectText(_ data: Data) -> String? {
        guard let text = String(data: data, encoding: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data, options: []),
              object is [String: Any]
        else { return nil }
        return text
    }
}

struct ValidatedEvent {
    let event: EventData
    let dataText: String
    let metadataText: String
}
