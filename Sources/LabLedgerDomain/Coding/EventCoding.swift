import Foundation

/// An event as the store keeps it: a stable type name, the schema version its payload was
/// written in, and the payload as JSON bytes.
public struct EncodedEvent: Sendable, Equatable {
    public var type: String
    public var schemaVersion: Int
    public var data: Data

    public init(type: String, schemaVersion: Int, data: Data) {
        self.type = type
        self.schemaVersion = schemaVersion
        self.data = data
    }
}

/// Turns one aggregate's event enum into stored events and back. `decode` accepts every schema
/// version ever written and yields the current type (upcasting), so history never breaks.
public protocol EventCodec {
    associatedtype Event
    static func encode(_ event: Event) throws -> EncodedEvent
    static func decode(_ encoded: EncodedEvent) throws -> Event
}

/// Why a stored event could not be read back. Typed so the projection worker can tell a bug
/// in our decoding (dead-letter it) from an event of another aggregate (skip it).
public enum EventDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No event of this codec has this type name.
    case unknownType(String)
    /// Written by a newer build than this one, or a version that never existed.
    case unsupportedSchemaVersion(type: String, schemaVersion: Int)
    /// The bytes are not a valid payload of the type and version they claim.
    case undecodablePayload(type: String, schemaVersion: Int, reason: String)

    public var description: String {
        switch self {
        case .unknownType(let type): "Unknown event type '\(type)'."
        case .unsupportedSchemaVersion(let type, let version): "\(type) has no schema version \(version)."
        case .undecodablePayload(let type, let version, let reason): "\(type) v\(version) payload does not decode: \(reason)"
        }
    }
}
