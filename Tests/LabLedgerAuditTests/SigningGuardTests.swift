import Testing
import TransparencyLog
@testable import LabLedgerAudit

/// The key signs only trees that extend the last one it signed (pure, no database).
@Suite struct SigningGuardTests {
    static func tree(_ leaves: Int) -> (frontier: LogFrontier, all: [LogHash]) {
        var frontier = LogFrontier()
        let hashes = (0..<leaves).map { LogHash.leaf([UInt8(truncatingIfNeeded: $0), 7]) }
        hashes.forEach { frontier.append($0) }
        return (frontier, hashes)
    }

    static func proof(from: Int64, to tree: LogFrontier, leaves: [LogHash]) throws -> [LogHash] {
        var store: [SubtreeID: LogHash] = [:]
        var rebuilt = LogFrontier()
        for leaf in leaves { for subtree in rebuilt.append(leaf) { store[subtree.id] = subtree.hash } }
        let ranges = try ProofPlan.consistency(from: from, to: tree.size)
        return try ProofPlan.hashes(ranges) { id in
            guard let hash = store[id] else { throw AuditLog.Failure.subtreeMissing(id) }
            return hash
        }
    }

    @Test func theFirstTreeIsSigned() {
        let (tree, _) = Self.tree(5)
        #expect(SigningGuard.judge(last: nil, size: tree.size, root: tree.root, proof: []) == .sign)
    }

    @Test func aTreeThatExtendsTheLastSignedOneIsSigned() throws {
        let (old, _) = Self.tree(5)
        let (new, leaves) = Self.tree(13)
        let proof = try Self.proof(from: 5, to: new, leaves: leaves)
        #expect(SigningGuard.judge(last: .init(size: 5, root: old.root), size: 13, root: new.root, proof: proof) == .sign)
    }

    @Test func aTreeThatRewritesTheSignedPrefixIsRefused() throws {
        let (old, _) = Self.tree(5)
        var forged = Array(Self.tree(13).all)
        forged[2] = LogHash.leaf([0xFF])
        var frontier = LogFrontier()
        forged.forEach { frontier.append($0) }
        let proof = try Self.proof(from: 5, to: frontier, leaves: forged)
        guard case .refuse = SigningGuard.judge(last: .init(size: 5, root: old.root), size: 13, root: frontier.root, proof: proof) else {
            Issue.record("a rewritten prefix was signed")
            return
        }
    }

    @Test func aSmallerTreeOrAnotherRootOfTheSameSizeIsRefused() {
        let (old, _) = Self.tree(8)
        let (smaller, _) = Self.tree(3)
        #expect(SigningGuard.judge(last: .init(size: 8, root: old.root), size: 3, root: smaller.root, proof: [])
            == .refuse("the log has 3 leaves, fewer than the 8 this key signed"))
        #expect(SigningGuard.judge(last: .init(size: 8, root: old.root), size: 8, root: smaller.root, proof: [])
            == .refuse("the tree of 8 leaves has another root than the one this key signed"))
        #expect(SigningGuard.judge(last: .init(size: 8, root: old.root), size: 8, root: old.root, proof: []) == .sign)
    }
}
