import EventStore

/// A live checkpoint's move that a page's write carries, so that the rows and the move are one
/// statement and need no transaction around them (`projection_write_page`, migration 0047).
public struct CheckpointMove: Sendable, Equatable {
    public let projection: String
    /// Where the worker last left the checkpoint: the move fails (`lostOwnershipState`) if it is
    /// anywhere else.
    public let from: Checkpoint
    public let to: Checkpoint
    /// Events the page applied, added to the projection's count.
    public let applied: Int
    /// The state stored with the move.
    public let state: ProjectionState

    public init(projection: String, from: Checkpoint, to: Checkpoint, applied: Int, state: ProjectionState) {
        self.projection = projection
        self.from = from
        self.to = to
        self.applied = applied
        self.state = state
    }

    /// The SQLSTATE `projection_write_page` raises when the checkpoint is not at `from`.
    public static let lostOwnershipState = "LL001"
}
