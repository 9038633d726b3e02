import EventStore

/// Which server answers a query's read-model reads when a streaming replica is configured.
enum ReadServer: String, Sendable {
    case primary, replica
}

/// The rule that keeps read-your-writes with a replica: the replica's projection checkpoints
/// arrive through the same WAL as the read-model rows they cover (one transaction on the
/// primary), so a replica whose checkpoints reached a token has replayed every row that token
/// promises. A query without a token promised nothing and goes to the replica.
enum ReplicaRoute {
    /// Whether the replica's checkpoints must be read before choosing.
    static func needsReplicaCheckpoints(token: Checkpoint?, replicaUp: Bool) -> Bool { replicaUp && token != nil }

    /// `replicaUp` is what the replica's probe last found: while it is down the primary answers
    /// everything. `replicaCheckpoints` are the replica's `projections` rows (name → checkpoint);
    /// nil when they could not be read, which sends a token to the primary.
    static func choose(token: Checkpoint?, projections: [String], replicaUp: Bool, replicaCheckpoints: [String: Checkpoint]?) -> ReadServer {
        guard replicaUp else { return .primary }
        guard let token else { return .replica }
        guard let replicaCheckpoints else { return .primary }
        let reached = projections.allSatisfy { name in replicaCheckpoints[name].map { $0 >= token } ?? false }
        return reached ? .replica : .primary
    }
}
