import Foundation

/// One event payload type: its stable type name, its current schema version, and how payloads
/// of older versions become the current shape.
public protocol VersionedEvent: Codable, Sendable, Equatable {
    /// Stored in the `event_type` column; never renamed once an event has been written.
    static var eventType: String { get }
    /// Raised by one whenever the payload's shape changes; older versions go through `upcast`.
    static var schemaVersion: Int { get }
    /// Decodes a payload written at an older `version` (1 ..< schemaVersion).
    static func upcast(from version: Int, data: Data, decoder: JSONDecoder) throws -> Self
}

extension VersionedEvent {
    public static var schemaVersion: Int { 1 }

    public static func upcast(from version: Int, data: Data, decoder: JSONDecoder) throws -> Self {
        throw EventDecodingError.unsupportedSchemaVersion(type: eventType, schemaVersion: version)
    }
}

/// The one JSON dialect of the event store: sorted keys (stable bytes for the hash chain),
/// unescaped slashes (ROR and DOI URLs stay readable), camelCase keys as docs/domain.md names them.
/// Dates are `LocalDate`s, which encode themselves as `YYYY-MM-DD`.
public enum EventJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func decoder() -> JSONDecoder { JSONDecoder() }

    /// The same bytes as `encoder()` writes, without building Foundation's tree first.
    public static func encode<E: VersionedEvent>(_ event: E) throws -> EncodedEvent {
        EncodedEvent(type: E.eventType, schemaVersion: E.schemaVersion, data: try CompactJSONEncoder().encode(event))
    }

    public static func decode<E: VersionedEvent>(_: E.Type, from encoded: EncodedEvent) throws(EventDecodingError) -> E {
        guard encoded.type == E.eventType else { throw .unknownType(encoded.type) }
        guard (1...E.schemaVersion).contains(encoded.schemaVersion) else {
            throw .unsupportedSchemaVersion(type: encoded.type, schemaVersion: encoded.schemaVersion)
        }
        do {
            if encoded.schemaVersion == E.schemaVersion {
                return try CompactJSONDecoder().decode(E.self, from: encoded.data)
            }
            return try E.upcast(from: encoded.schemaVersion, data: encoded.data, decoder: decoder())
        } catch let error as EventDecodingError {
            throw error
        } catch {
            throw .undecodablePayload(type: encoded.type, schemaVersion: encoded.schemaVersion, reason: String(describing: error))
        }
    }
}
