import Foundation

/// A stored event as a read model sees it: where it stands in the history and its payload.
/// (The store's `RecordedEvent` lives in the I/O layer; this keeps read models pure.)
public struct ProjectableEvent: Sendable, Hashable {
    public var position: Int64
    public var streamID: String
    public var streamVersion: Int
    public var type: String
    public var schemaVersion: Int
    public var data: Data
    public var occurredAt: Date
    /// The principal that caused it, from the event's metadata.
    public var actor: String?

    public init(
        position: Int64, streamID: String, streamVersion: Int, type: String, schemaVersion: Int, data: Data,
        occurredAt: Date, actor: String?
    ) {
        self.position = position
        self.streamID = streamID
        self.streamVersion = streamVersion
        self.type = type
        self.schemaVersion = schemaVersion
        self.data = data
        self.occurredAt = occurredAt
        self.actor = actor
    }
}
