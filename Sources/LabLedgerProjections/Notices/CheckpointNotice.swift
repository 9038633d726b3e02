import EventStore

/// A projection's checkpoint as it is announced on `channel`: by the trigger of migration
/// 0015 whenever a `projections` row's live checkpoint moves (so inside the moving
/// transaction, delivered at its commit), and by an idle runner that moved past other types'
/// events without saving yet (`ProjectionStateMachine.Action.announce`). Queries waiting for
/// a position token listen for it (one listener per API process).
public struct CheckpointNotice: Sendable, Hashable, CustomStringConvertible {
    /// The NOTIFY channel; the trigger in `0015_checkpoint_notify.sql` names it too.
    public static let channel = "labledger_checkpoints"

    public var projection: String
    public var checkpoint: Checkpoint

    public init(projection: String, checkpoint: Checkpoint) {
        self.projection = projection
        self.checkpoint = checkpoint
    }

    /// `<projection> <transaction>.<position>`: projection names never hold a space
    /// (`projections.name` is `[a-z_][a-z0-9_]*`), and the trigger writes the same form.
    public var payload: String { "\(projection) \(checkpoint)" }

    public var description: String { payload }

    /// nil for a payload of another form (nothing else should notify on the channel).
    public init?(payload: String) {
        let parts = payload.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let checkpoint = Checkpoint(String(parts[1])) else { return nil }
        self.init(projection: String(parts[0]), checkpoint: checkpoint)
    }
}
