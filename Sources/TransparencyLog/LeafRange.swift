/// A run of consecutive leaves, `start ..< end`, whose Merkle tree hash (RFC 9162's MTH) is one
/// entry of a proof. Every range an RFC 9162 proof needs starts at a multiple of a power of two
/// at least as large as the range, so it splits into a few complete subtrees, all of which the
/// store keeps: a proof is answered by reading those and folding them.
public struct LeafRange: Hashable, Sendable, CustomStringConvertible {
    public var start: Int64
    public var end: Int64

    public init(start: Int64, end: Int64) {
        self.start = start
        self.end = end
    }

    public var count: Int64 { max(0, end - start) }

    /// The complete subtrees covering exactly these leaves, left to right: from each position,
    /// the largest subtree aligned there that still fits. For the ranges proofs use this is the
    /// binary decomposition of the length, largest first, which is the shape RFC 9162's split
    /// (largest power of two strictly below the count) gives; empty for an empty range.
    public var subtrees: [SubtreeID] {
        var ids: [SubtreeID] = []
        var position = start
        while position < end {
            // Alignment caps the level (position 0 is aligned to everything); the remaining
            // length caps it too. Level 62 is the largest whose size an Int64 holds.
            var level = position == 0 ? 62 : min(62, position.trailingZeroBitCount)
            while level > 0 && end - position < Int64(1) << level { level -= 1 }
            ids.append(SubtreeID(level: level, index: position >> level))
            position += Int64(1) << level
        }
        return ids
    }

    /// MTH of these leaves from the hashes of `subtrees`: folded from the right, as RFC 9162
    /// hashes a tree whose left part is a complete subtree. `LogHash.empty` for an empty range.
    public func hash(_ lookup: (SubtreeID) throws -> LogHash) rethrows -> LogHash {
        let ids = subtrees
        guard let last = ids.last else { return .empty }
        var hash = try lookup(last)
        for id in ids.dropLast().reversed() {
            hash = LogHash.node(try lookup(id), hash)
        }
        return hash
    }

    public var description: String { "[\(start), \(end))" }
}
