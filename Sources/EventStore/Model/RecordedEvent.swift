import Foundation

/// An event as the store holds it.
public struct RecordedEvent: Sendable, Hashable {
    public var globalPosition: Int64
    public var streamID: String
    public var streamVersion: Int
    public var eventID: UUID
    public var type: String
    public var schemaVersion: Int
    /// The JSON object as readers see it: the stored form with protected parts opened
    /// (`PayloadProtection`); the same as `storedData` when nothing is protected.
    public var data: Data
    /// The JSON object as stored, in PostgreSQL's canonical jsonb text form: what the hash covers.
    public let storedData: Data
    public var metadata: EventMetadata
    public var occurredAt: Date
    public var recordedAt: Date
    /// The writing transaction's 64-bit id (`xid8`): the first key of the gap-safe order.
    public var transactionID: UInt64
    /// SHA-256 over the previous event's hash in the stream and this event's canonical bytes.
    public var hash: Data

    // Exactly what the hash covers, kept so that `verify` recomputes from stored values only.
    let occurredAtMicroseconds: Int64
    /// Recorded-at exactly as stored (the transparency log's leaf covers it).
    public let recordedAtMicroseconds: Int64
    let metadataJSON: String

    /// Where a reader that has processed this event resumes.
    public var checkpoint: Checkpoint { Checkpoint(transactionID: transactionID, position: globalPosition) }
}
