import Crypto
import Foundation

/// A node of the log's Merkle tree: 32 bytes of SHA-256. The tree is RFC 9162's (§2.1): a leaf
/// hashes as SHA-256(0x00 ‖ leaf), an interior node as SHA-256(0x01 ‖ left ‖ right), so a leaf
/// can never pass for a node and a tree of one size never for another.
public struct LogHash: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        self.bytes = Array(bytes)
    }

    init(digest: SHA256.Digest) {
        bytes = Array(digest)
    }

    /// The hash of the empty tree: SHA-256 of nothing.
    public static let empty = LogHash(digest: SHA256.hash(data: [UInt8]()))

    public static func leaf(_ data: some DataProtocol) -> LogHash {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: data)
        return LogHash(digest: hasher.finalize())
    }

    public static func node(_ left: LogHash, _ right: LogHash) -> LogHash {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left.bytes)
        hasher.update(data: right.bytes)
        return LogHash(digest: hasher.finalize())
    }

    public var base64: String { Data(bytes).base64EncodedString() }

    public init?(base64: String) {
        guard let data = Data(base64Encoded: base64) else { return nil }
        self.init(bytes: data)
    }

    public var description: String { base64 }
}

/// A complete subtree of the log: the 2^level leaves from `index · 2^level`. Every hash a proof
/// needs is one of these or is folded from a few of them, so storing these is enough to answer
/// any proof with O(log n) reads.
public struct SubtreeID: Hashable, Sendable, Comparable {
    public var level: Int
    public var index: Int64

    public init(level: Int, index: Int64) {
        self.level = level
        self.index = index
    }

    /// The leaves it covers.
    public var leaves: Range<Int64> { (index << level)..<((index + 1) << level) }

    public static func < (a: SubtreeID, b: SubtreeID) -> Bool {
        (a.level, a.index) < (b.level, b.index)
    }
}
