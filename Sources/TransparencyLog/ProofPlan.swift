/// Why a proof cannot be made: the request names leaves or trees that do not exist.
public enum ProofRequestError: Error, Equatable, Sendable {
    /// Inclusion needs 0 ≤ leafIndex < treeSize.
    case leafNotInTree(leafIndex: Int64, treeSize: Int64)
    /// Consistency needs 0 < from ≤ to: the empty tree is consistent with everything, and
    /// RFC 9162 defines no proof for it.
    case invalidTreeSizes(from: Int64, to: Int64)
}

/// Which hashes a proof consists of, as leaf ranges, without reading any: the caller reads
/// `neededSubtrees` in one query and folds each range with `LeafRange.hash`.
public enum ProofPlan {
    /// The RFC 9162 §2.1.3.1 audit path PATH(leafIndex, D[0:treeSize]), nearest the leaf first.
    public static func inclusion(leafIndex: Int64, treeSize: Int64) throws(ProofRequestError) -> [LeafRange] {
        guard leafIndex >= 0, leafIndex < treeSize else {
            throw .leafNotInTree(leafIndex: leafIndex, treeSize: treeSize)
        }
        // PATH(m, D[lo:hi]) = PATH(m, D[lo:lo+k]) : MTH(D[lo+k:hi]) when m < lo+k, else
        // PATH(m, D[lo+k:hi]) : MTH(D[lo:lo+k]). Walking down collects the siblings top first;
        // the path lists them bottom first.
        var ranges: [LeafRange] = []
        var lo: Int64 = 0
        var hi = treeSize
        while hi - lo > 1 {
            let k = largestPowerOfTwo(below: hi - lo)
            if leafIndex < lo + k {
                ranges.append(LeafRange(start: lo + k, end: hi))
                hi = lo + k
            } else {
                ranges.append(LeafRange(start: lo, end: lo + k))
                lo += k
            }
        }
        return ranges.reversed()
    }

    /// The RFC 9162 §2.1.4.1 consistency proof PROOF(from, D[0:to]); empty when from == to.
    public static func consistency(from: Int64, to: Int64) throws(ProofRequestError) -> [LeafRange] {
        guard from > 0, from <= to else { throw .invalidTreeSizes(from: from, to: to) }
        // SUBPROOF(m, D[lo:hi], b): at m == hi the subtree is common to both trees and is sent
        // unless it is the whole old tree (b: still on the leftmost edge, lo == 0); otherwise
        // split at k and send the sibling of the half m falls in. Collected top first.
        var ranges: [LeafRange] = []
        var lo: Int64 = 0
        var hi = to
        while from != hi {
            let k = largestPowerOfTwo(below: hi - lo)
            if from <= lo + k {
                ranges.append(LeafRange(start: lo + k, end: hi))
                hi = lo + k
            } else {
                ranges.append(LeafRange(start: lo, end: lo + k))
                lo += k
            }
        }
        if lo != 0 { ranges.append(LeafRange(start: lo, end: hi)) }
        return ranges.reversed()
    }

    /// Every stored subtree the ranges fold, for reading them in one query.
    public static func neededSubtrees(_ ranges: [LeafRange]) -> Set<SubtreeID> {
        Set(ranges.lazy.flatMap(\.subtrees))
    }

    /// The proof's hashes, in proof order, from the subtrees' hashes.
    public static func hashes(_ ranges: [LeafRange], _ lookup: (SubtreeID) throws -> LogHash) rethrows -> [LogHash] {
        try ranges.map { try $0.hash(lookup) }
    }

    /// The largest power of two strictly less than `n` (n ≥ 2): RFC 9162's split point k.
    static func largestPowerOfTwo(below n: Int64) -> Int64 {
        Int64(1) << (63 - (n - 1).leadingZeroBitCount)
    }
}
