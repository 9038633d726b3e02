import EventStore
import Foundation
import LabLedgerDomain

/// An event the projector could not make sense of. Deterministic: retrying the same event
/// with the same code fails the same way, so the worker parks it in `dead_letters`.
public struct UnprojectableEvent: Error, CustomStringConvertible {
    public let position: Int64
    public let type: String
    public let reason: String

    public init(_ event: RecordedEvent, _ reason: String) {
        position = event.globalPosition
        type = event.type
        self.reason = reason
    }

    public var description: String { "\(type) at position \(position): \(reason)" }
}

extension RecordedEvent {
    /// The domain event, through the aggregate's codec (which upcasts old schema versions).
    public func decoded<Codec: EventCodec>(_ codec: Codec.Type) throws -> Codec.Event {
        do {
            return try Codec.decode(EncodedEvent(type: type, schemaVersion: schemaVersion, data: data))
        } catch {
            throw UnprojectableEvent(self, "\(error)")
        }
    }

    /// The id part of the stream name (`lab-hkai` → `hkai`).
    public var streamEntityID: String {
        guard let dash = streamID.firstIndex(of: "-") else { return streamID }
        return String(streamID[streamID.index(after: dash)...])
    }
}
