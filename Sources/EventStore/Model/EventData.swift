import Foundation

/// An event to append: the caller chooses its id, which makes retries idempotent.
public struct EventData: Sendable, Hashable {
    public var id: UUID
    public var type: String
    public var schemaVersion: Int
    /// A JSON object, as UTF-8 bytes.
    public var data: Data
    public var metadata: EventMetadata
    /// When the fact happened in the world; the database records separately when it learnt it.
    public var occurredAt: Date

    public init(
        id: UUID = UUID(), type: String, schemaVersion: Int = 1, data: Data,
        metadata: EventMetadata = EventMetadata(), occurredAt: Date = Date()
    ) {
        self.id = id
        self.type = type
        self.schemaVersion = schemaVersion
        self.data = data
        self.metadata = metadata
        self.occurredAt = occurredAt
    }
}
