/// Checks proofs the way an auditor does, knowing only hashes and sizes: RFC 9162 §2.1.3.2
/// (inclusion) and §2.1.4.2 (consistency), step for step, so it agrees with every other
/// implementation of those algorithms rather than with our proof generator.
public enum ProofVerifier {
    /// The root a tree of `treeSize` leaves would have if the leaf at `leafIndex` hashes to
    /// `leafHash` and `proof` is its audit path; nil when the proof cannot be one (wrong length,
    /// index outside the tree).
    public static func rootFromInclusion(leafHash: LogHash, leafIndex: Int64, treeSize: Int64, proof: [LogHash]) -> LogHash? {
        guard leafIndex >= 0, leafIndex < treeSize else { return nil }
        var fn = leafIndex
        var sn = treeSize - 1
        var r = leafHash
        for p in proof {
            if sn == 0 { return nil }
            if fn & 1 == 1 || fn == sn {
                r = LogHash.node(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = LogHash.node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 ? r : nil
    }

    public static func verifyInclusion(leafHash: LogHash, leafIndex: Int64, treeSize: Int64, proof: [LogHash], root: LogHash) -> Bool {
        rootFromInclusion(leafHash: leafHash, leafIndex: leafIndex, treeSize: treeSize, proof: proof) == root
    }

    /// Whether the tree of `to` leaves with root `newRoot` extends the tree of `from` leaves with
    /// root `oldRoot`. Equal sizes are consistent exactly when the roots are equal and the proof
    /// is empty; `from` must be at least 1, as for `ProofPlan.consistency` (and Go's
    /// `tlog.CheckTree`).
    public static func verifyConsistency(from: Int64, to: Int64, proof: [LogHash], oldRoot: LogHash, newRoot: LogHash) -> Bool {
        guard from > 0, from <= to else { return false }
        if from == to { return proof.isEmpty && oldRoot == newRoot }
        guard !proof.isEmpty else { return false }
        // A power-of-two old tree is itself a complete subtree on the new tree's left edge, so the
        // proof leaves it out and the verifier starts from it.
        var path = proof
        if from & (from - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = from - 1
        var sn = to - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = LogHash.node(c, fr)
                sr = LogHash.node(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = LogHash.node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == oldRoot && sr == newRoot && sn == 0
    }
}
