import Foundation
import LabLedgerDomain

/// One append of a generated history: events for one stream, in order, with the version the
/// stream must be at before them (0 for a new stream).
public struct GeneratedAppend: Sendable, Equatable {
    public var stream: StreamName
    public var expectedVersion: Int
    public var events: [EncodedEvent]
    /// When the events happened in the story (the store's occurred-at).
    public var occurredAt: Date

    public init(stream: StreamName, expectedVersion: Int, events: [EncodedEvent], occurredAt: Date) {
        self.stream = stream
        self.expectedVersion = expectedVersion
        self.events = events
        self.occurredAt = occurredAt
    }
}
