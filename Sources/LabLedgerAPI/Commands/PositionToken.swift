import EventStore

/// The read-your-writes token: a checkpoint of the gap-safe order, `<transaction id>.<position>`.
/// A read model has applied an event when its checkpoint is at or past the event's.
enum PositionToken {
    static func token(_ checkpoint: Checkpoint) -> String { checkpoint.description }

    static func checkpoint(from token: String) -> Checkpoint? {
        guard token.count <= 41 else { return nil }
        return Checkpoint(token)
    }
}
