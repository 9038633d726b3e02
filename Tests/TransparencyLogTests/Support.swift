import Foundation
import TransparencyLog

/// RFC 9162 §2.1 written as its recursive definitions, over leaf hashes: slow and obvious, the
/// yardstick for the frontier, the proof plans and the verifier.
enum Reference {
    static func split(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }

    /// MTH(D[n]).
    static func root(_ leaves: ArraySlice<LogHash>) -> LogHash {
        switch leaves.count {
        case 0: return .empty
        case 1: return leaves[leaves.startIndex]
        default:
            let k = split(leaves.count)
            return LogHash.node(root(leaves.prefix(k)), root(leaves.dropFirst(k)))
        }
    }

    /// PATH(m, D[n]).
    static func path(_ m: Int, _ leaves: ArraySlice<LogHash>) -> [LogHash] {
        guard leaves.count > 1 else { return [] }
        let k = split(leaves.count)
        if m < k { return path(m, leaves.prefix(k)) + [root(leaves.dropFirst(k))] }
        return path(m - k, leaves.dropFirst(k)) + [root(leaves.prefix(k))]
    }

    /// PROOF(m, D[n]) = SUBPROOF(m, D[n], true).
    static func proof(_ m: Int, _ leaves: ArraySlice<LogHash>) -> [LogHash] {
        subproof(m, leaves, true)
    }

    private static func subproof(_ m: Int, _ leaves: ArraySlice<LogHash>, _ complete: Bool) -> [LogHash] {
        if m == leaves.count { return complete ? [] : [root(leaves)] }
        let k = split(leaves.count)
        if m <= k { return subproof(m, leaves.prefix(k), complete) + [root(leaves.dropFirst(k))] }
        return subproof(m - k, leaves.dropFirst(k), false) + [root(leaves.prefix(k))]
    }
}

/// What the database keeps: every complete subtree's hash, as the frontier reports them while
/// leaves are appended. Proofs in tests are read from here, as the API reads them from tables.
struct SubtreeStore {
    struct Missing: Error { var id: SubtreeID }

    private(set) var frontier = LogFrontier()
    private(set) var hashes: [SubtreeID: LogHash] = [:]
    private(set) var leaves: [LogHash] = []

    init(leaves: some Sequence<LogHash>) {
        for leaf in leaves { append(leaf) }
    }

    mutating func append(_ leaf: LogHash) {
        leaves.append(leaf)
        for completed in frontier.append(leaf) { hashes[completed.id] = completed.hash }
    }

    func lookup(_ id: SubtreeID) throws -> LogHash {
        guard let hash = hashes[id] else { throw Missing(id: id) }
        return hash
    }

    func inclusionProof(leafIndex: Int64, treeSize: Int64) throws -> [LogHash] {
        try ProofPlan.hashes(ProofPlan.inclusion(leafIndex: leafIndex, treeSize: treeSize), lookup)
    }

    func consistencyProof(from: Int64, to: Int64) throws -> [LogHash] {
        try ProofPlan.hashes(ProofPlan.consistency(from: from, to: to), lookup)
    }

    func root(size: Int) -> LogHash { Reference.root(leaves.prefix(size)) }
}

/// Leaves that differ from each other, so no tampering can pass by coincidence of equal leaves.
func distinctLeaves(_ count: Int) -> [LogHash] {
    (0..<count).map { LogHash.leaf([UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8), 0x5A]) }
}

extension LogHash {
    /// The same hash with one bit flipped.
    func flipped(byte: Int = 0) -> LogHash {
        var bytes = self.bytes
        bytes[byte] ^= 0x01
        guard let hash = LogHash(bytes: bytes) else { fatalError("32 bytes stay 32 bytes") }
        return hash
    }

    init(hex: String) {
        guard let hash = LogHash(bytes: [UInt8](hex: hex)) else { fatalError("not 32 bytes of hex: \(hex)") }
        self = hash
    }

    var hex: String { bytes.map { String(format: "%02x", $0) }.joined() }
}

extension [UInt8] {
    init(hex: String) {
        let digits = Array(hex.utf8)
        self = stride(from: 0, to: digits.count, by: 2).map { index in
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else {
                fatalError("not hex: \(hex)")
            }
            return byte
        }
    }
}
