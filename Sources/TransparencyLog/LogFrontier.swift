/// The right edge of a growing log: the complete subtrees that make up its first `size` leaves
/// (one per set bit of `size`, largest first). Appending a leaf merges equal-sized subtrees and
/// reports each subtree it completes, so a sequencer stores every complete subtree exactly once
/// and never recomputes the tree.
public struct LogFrontier: Sendable, Equatable {
    public private(set) var size: Int64 = 0
    /// Largest (leftmost) first.
    public private(set) var subtrees: [(id: SubtreeID, hash: LogHash)] = []

    public init() {}

    /// Resumes from stored subtrees: those of `size`'s binary decomposition, largest first.
    /// Nil when `subtrees` are not exactly that decomposition.
    public init?(size: Int64, subtrees: [(id: SubtreeID, hash: LogHash)]) {
        guard subtrees.map(\.id) == Self.decomposition(of: size) else { return nil }
        self.size = size
        self.subtrees = subtrees
    }

    /// The complete subtrees whose leaves, in order, are exactly 0..<size.
    public static func decomposition(of size: Int64) -> [SubtreeID] {
        var ids: [SubtreeID] = []
        var start: Int64 = 0
        for level in stride(from: 62, through: 0, by: -1) where size & (Int64(1) << level) != 0 {
            ids.append(SubtreeID(level: level, index: start >> level))
            start += Int64(1) << level
        }
        return ids
    }

    /// Appends one leaf (its leaf hash) and returns every subtree this completes, the leaf itself
    /// (level 0) first.
    @discardableResult
    public mutating func append(_ leaf: LogHash) -> [(id: SubtreeID, hash: LogHash)] {
        var completed = [(id: SubtreeID(level: 0, index: size), hash: leaf)]
        var current = completed[0]
        while let last = subtrees.last, last.id.level == current.id.level {
            subtrees.removeLast()
            current = (SubtreeID(level: current.id.level + 1, index: last.id.index >> 1), LogHash.node(last.hash, current.hash))
            completed.append(current)
        }
        subtrees.append(current)
        size += 1
        return completed
    }

    /// The root of the first `size` leaves (RFC 9162's MTH): the subtrees folded from the right.
    public var root: LogHash {
        guard var hash = subtrees.last?.hash else { return .empty }
        for subtree in subtrees.dropLast().reversed() { hash = LogHash.node(subtree.hash, hash) }
        return hash
    }

    public static func == (a: LogFrontier, b: LogFrontier) -> Bool {
        a.size == b.size && a.subtrees.map(\.id) == b.subtrees.map(\.id) && a.subtrees.map(\.hash) == b.subtrees.map(\.hash)
    }
}
