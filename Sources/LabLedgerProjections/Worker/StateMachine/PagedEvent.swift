import EventStore

/// What the policy needs to know of an event: dead letters block per stream, and a target
/// resumes after the event's checkpoint. The state machine is generic over it so that its
/// tests can page through plain values.
protocol PagedEvent: Sendable, Equatable {
    var streamID: String { get }
    var checkpoint: Checkpoint { get }
}

extension RecordedEvent: PagedEvent {}

extension ProjectionStateMachine {
    /// A gap-safe page as read (see `GapSafePage`).
    struct Page: Sendable, Equatable {
        var events: [Event]
        var resumeAt: Checkpoint
        var isFull: Bool
    }
}
