import EventStore

/// A projection's row in `projections`, as the worker last read or moved it.
struct ProjectionRow: Sendable, Equatable {
    var version: Int
    var checkpoint: Checkpoint
    var eventsApplied: Int64
    var generation: Int
    var rebuildRequested: Bool
    var rebuildVersion: Int?
    var rebuildGeneration: Int?
    /// Set while a rebuild fills fresh tables.
    var rebuildCheckpoint: Checkpoint?
    var rebuildEventsApplied: Int64
}

/// A parked letter, or one an operator asked to retry, of one generation.
struct OpenLetter: Sendable, Equatable {
    var position: Int64
    var stream: String
    var retry: Bool
}
