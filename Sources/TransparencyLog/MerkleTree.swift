/// Whole-tree computations for verifiers that hold every leaf (an auditor replaying the log, a
/// test): the root is what the frontier reaches after appending them all.
public enum MerkleTree {
    /// MTH of the leaves, in order; `LogHash.empty` for none.
    public static func root(leafHashes: some Sequence<LogHash>) -> LogHash {
        var frontier = LogFrontier()
        for leaf in leafHashes { frontier.append(leaf) }
        return frontier.root
    }
}
