/// One proof for many leaves of one tree: the hashes of the maximal subtrees of the RFC 9162
/// tree that hold none of the leaves, in the order a depth-first walk (left before right) meets
/// them. With the leaves' own hashes they give the root, so each leaf's inclusion is proved by
/// it exactly as by its audit path; but the paths of neighbouring leaves share almost every
/// node, and a batch states each once. 1,000 consecutive leaves of a 1,000,000-leaf tree need
/// about 30 hashes here against about 20,000 in their separate audit paths.
///
/// The walk is RFC 9162's own definition of the tree: MTH(D[lo:hi]) splits at the largest power
/// of two k below hi − lo into MTH(D[lo:lo+k]) and MTH(D[lo+k:hi]). A range with no leaf of
/// the batch is one proof hash; a range of one leaf is that leaf's hash; any other range is
/// split. Every range met starts at a multiple of a power of two at least its length, so it is
/// foldable from stored complete subtrees (`LeafRange.subtrees`).
public enum BatchProof {
    /// Why a batch cannot be planned: its leaves must be inside the tree, strictly increasing,
    /// and at least one.
    public enum PlanError: Error, Equatable, Sendable {
        case noLeaves
        case leavesNotIncreasing
        case leafNotInTree(leafIndex: Int64, treeSize: Int64)
    }

    /// The ranges whose hashes make the proof for `leafIndexes` (strictly increasing) in the
    /// tree of `treeSize` leaves, in proof order.
    public static func plan(leafIndexes: [Int64], treeSize: Int64) throws(PlanError) -> [LeafRange] {
        try check(leafIndexes, treeSize: treeSize)
        var ranges: [LeafRange] = []
        walk(0, treeSize, leafIndexes[...], index: { $0 }, range: { ranges.append($0) }, leaf: { _ in }, node: { _, _ in })
        return ranges
    }

    /// The root that the leaves (`(index, hash)`, indexes strictly increasing) and `proof`
    /// give for a tree of `treeSize` leaves; nil when the proof has too few or too many hashes
    /// or the leaves cannot be in the tree. The caller compares it with a signed root.
    public static func root(leaves: [(index: Int64, hash: LogHash)], treeSize: Int64, proof: [LogHash]) -> LogHash? {
        do {
            try check(leaves.map(\.index), treeSize: treeSize)
        } catch {
            return nil
        }
        var next = 0
        var missing = false
        let root = walk(
            0, treeSize, leaves[...], index: \.index,
            range: { _ -> LogHash in
                guard next < proof.count else {
                    missing = true
                    return .empty
                }
                next += 1
                return proof[next - 1]
            },
            leaf: \.hash, node: LogHash.node)
        return missing || next != proof.count ? nil : root
    }

    private static func check(_ indexes: [Int64], treeSize: Int64) throws(PlanError) {
        guard let first = indexes.first, let last = indexes.last else { throw .noLeaves }
        guard first >= 0 else { throw .leafNotInTree(leafIndex: first, treeSize: treeSize) }
        guard last < treeSize else { throw .leafNotInTree(leafIndex: last, treeSize: treeSize) }
        for position in indexes.indices.dropFirst() where indexes[position] <= indexes[position - 1] {
            throw .leavesNotIncreasing
        }
    }

    /// The depth-first walk of RFC 9162's tree over [lo, hi) that planning and checking share:
    /// `range` for each range without a leaf of the batch, `leaf` for a range of one leaf,
    /// `node` to combine the two halves of any other range.
    private static func walk<Leaf, Result>(
        _ lo: Int64, _ hi: Int64, _ leaves: ArraySlice<Leaf>, index: (Leaf) -> Int64,
        range: (LeafRange) -> Result, leaf: (Leaf) -> Result, node: (Result, Result) -> Result
    ) -> Result {
        guard let first = leaves.first else { return range(LeafRange(start: lo, end: hi)) }
        if hi - lo == 1 { return leaf(first) }
        let k = ProofPlan.largestPowerOfTwo(below: hi - lo)
        let split = leaves.firstIndex { index($0) >= lo + k } ?? leaves.endIndex
        let left = walk(lo, lo + k, leaves[..<split], index: index, range: range, leaf: leaf, node: node)
        let right = walk(lo + k, hi, leaves[split...], index: index, range: range, leaf: leaf, node: node)
        return node(left, right)
    }
}
