import Testing
import TestSupport
import TransparencyLog

/// One proof for a group of leaves (what an evidence bundle carries per group of events),
/// checked against RFC 9162's recursive root: it proves exactly the leaves it was made for.
@Suite struct BatchProofTests {
    static let leaves = distinctLeaves(64)
    static let store = SubtreeStore(leaves: leaves)

    static func proof(_ indexes: [Int64], size: Int64) throws -> [LogHash] {
        try ProofPlan.hashes(BatchProof.plan(leafIndexes: indexes, treeSize: size), Self.store.lookup)
    }

    static func group(_ indexes: [Int64]) -> [(index: Int64, hash: LogHash)] {
        indexes.map { ($0, Self.leaves[Int($0)]) }
    }

    /// Every non-empty subset of the leaves of every tree up to 11 leaves, and seeded random
    /// subsets of the larger trees up to 64.
    static func subsets() -> [(size: Int64, indexes: [Int64])] {
        var cases: [(Int64, [Int64])] = []
        for size in 1...11 {
            for mask in 1..<(1 << size) {
                cases.append((Int64(size), (0..<size).filter { mask & (1 << $0) != 0 }.map(Int64.init)))
            }
        }
        var generator = SplitMix64(seed: 12)
        for size in 12...64 {
            for _ in 0..<40 {
                let picked = (0..<size).filter { _ in Bool.random(using: &generator) }.map(Int64.init)
                cases.append((Int64(size), picked.isEmpty ? [Int64(size - 1)] : picked))
            }
        }
        return cases
    }

    @Test func theLeavesAndTheirBatchProofGiveTheRFC9162RootOfTheirTree() throws {
        for (size, indexes) in Self.subsets() {
            let proof = try Self.proof(indexes, size: size)
            let root = BatchProof.root(leaves: Self.group(indexes), treeSize: size, proof: proof)
            #expect(root == Self.store.root(size: Int(size)), "\(indexes) of \(size)")
        }
    }

    @Test func aBatchOfOneLeafHoldsExactlyItsAuditPath() throws {
        for size in Int64(1)...64 {
            for index in 0..<size {
                let batch = try Self.proof([index], size: size)
                let path = try Self.store.inclusionProof(leafIndex: index, treeSize: size)
                #expect(batch.count == path.count && Set(batch) == Set(path), "leaf \(index) of \(size)")
            }
        }
    }

    @Test func aChangedLeafOrProofHashGivesAnotherRoot() throws {
        for (size, indexes) in Self.subsets() where size % 5 == 0 || size < 5 {
            let group = Self.group(indexes)
            let proof = try Self.proof(indexes, size: size)
            let root = Self.store.root(size: Int(size))
            for position in group.indices {
                var changed = group
                changed[position].hash = changed[position].hash.flipped(byte: position % 32)
                #expect(BatchProof.root(leaves: changed, treeSize: size, proof: proof) != root, "leaf \(position) of \(indexes) in \(size)")
            }
            for position in proof.indices {
                var changed = proof
                changed[position] = changed[position].flipped()
                #expect(BatchProof.root(leaves: group, treeSize: size, proof: changed) != root, "hash \(position) of \(indexes) in \(size)")
            }
        }
    }

    @Test func aProofWithAHashTooFewOrTooManyProvesNothing() throws {
        for (size, indexes) in Self.subsets() where size == 13 || size == 64 {
            let group = Self.group(indexes)
            let proof = try Self.proof(indexes, size: size)
            #expect(BatchProof.root(leaves: group, treeSize: size, proof: proof + [Self.leaves[0]]) == nil)
            if !proof.isEmpty {
                #expect(BatchProof.root(leaves: group, treeSize: size, proof: Array(proof.dropLast())) == nil)
            }
        }
    }

    @Test func leavesOutOfOrderRepeatedOrOutsideTheTreeAreRefused() throws {
        #expect(throws: BatchProof.PlanError.noLeaves) { try BatchProof.plan(leafIndexes: [], treeSize: 8) }
        #expect(throws: BatchProof.PlanError.leavesNotIncreasing) { try BatchProof.plan(leafIndexes: [3, 2], treeSize: 8) }
        #expect(throws: BatchProof.PlanError.leavesNotIncreasing) { try BatchProof.plan(leafIndexes: [2, 2], treeSize: 8) }
        #expect(throws: BatchProof.PlanError.leafNotInTree(leafIndex: 8, treeSize: 8)) { try BatchProof.plan(leafIndexes: [1, 8], treeSize: 8) }
        #expect(throws: BatchProof.PlanError.leafNotInTree(leafIndex: -1, treeSize: 8)) { try BatchProof.plan(leafIndexes: [-1], treeSize: 8) }
        let proof = try Self.proof([1, 2], size: 8)
        #expect(BatchProof.root(leaves: Self.group([2, 1]), treeSize: 8, proof: proof) == nil)
        #expect(BatchProof.root(leaves: [], treeSize: 8, proof: proof) == nil)
        #expect(BatchProof.root(leaves: Self.group([1, 2]), treeSize: 2, proof: proof) == nil)
    }

    @Test func everyPlannedRangeReadsOnlyStoredSubtreesOfTheTree() throws {
        for (size, indexes) in Self.subsets() {
            for range in try BatchProof.plan(leafIndexes: indexes, treeSize: size) {
                #expect(range.start >= 0 && range.start < range.end && range.end <= size, "\(range) in \(size)")
                for id in range.subtrees { #expect(id.leaves.upperBound <= size, "\(id) beyond \(size)") }
            }
        }
    }

    /// What the bundle's size rests on: a run of consecutive leaves needs at most two hashes
    /// per level of the tree (one on each side of the run), not an audit path per leaf.
    @Test func aThousandConsecutiveLeavesOfAMillionLeafTreeNeedAtMostTwoHashesPerLevel() throws {
        let size: Int64 = 1_000_000
        for start: Int64 in [0, 1, 499_500, 524_288 - 500, 999_000] {
            let ranges = try BatchProof.plan(leafIndexes: Array(start..<start + 1_000), treeSize: size)
            #expect(ranges.count <= 2 * 20, "\(ranges.count) hashes from \(start)")
            #expect(ranges.allSatisfy { $0.end <= start || $0.start >= start + 1_000 })
        }
    }
}
