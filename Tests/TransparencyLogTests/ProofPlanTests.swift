import Testing
import TransparencyLog

@Suite struct ProofPlanTests {
    static let leaves = distinctLeaves(64)
    static let store = SubtreeStore(leaves: leaves)

    @Test func inclusionPlansGiveRFC9162AuditPathsForEveryLeafOfEveryTreeUpTo64() throws {
        for size in 1...64 {
            for index in 0..<size {
                let proof = try Self.store.inclusionProof(leafIndex: Int64(index), treeSize: Int64(size))
                #expect(proof == Reference.path(index, Self.leaves.prefix(size)), "leaf \(index) of \(size)")
            }
        }
    }

    @Test func consistencyPlansGiveRFC9162ProofsForEveryPairUpTo64() throws {
        for to in 1...64 {
            for from in 1...to {
                let proof = try Self.store.consistencyProof(from: Int64(from), to: Int64(to))
                #expect(proof == Reference.proof(from, Self.leaves.prefix(to)), "\(from) to \(to)")
            }
        }
    }

    @Test func everyPlannedRangeIsWithinTheTreeAndReadsOnlyStoredSubtrees() throws {
        for size in Int64(1)...64 {
            var ranges: [LeafRange] = []
            for index in 0..<size { ranges += try ProofPlan.inclusion(leafIndex: index, treeSize: size) }
            for from in 1...size { ranges += try ProofPlan.consistency(from: from, to: size) }
            for range in ranges { #expect(range.start >= 0 && range.start < range.end && range.end <= size, "\(range) in \(size)") }
            for id in ProofPlan.neededSubtrees(ranges) {
                #expect(id.leaves.upperBound <= size, "\(id) beyond \(size)")
            }
        }
    }

    @Test func aRangeSplitsIntoAlignedSubtreesLargestFirst() {
        #expect(LeafRange(start: 0, end: 13).subtrees == [
            SubtreeID(level: 3, index: 0), SubtreeID(level: 2, index: 2), SubtreeID(level: 0, index: 12),
        ])
        #expect(LeafRange(start: 8, end: 16).subtrees == [SubtreeID(level: 3, index: 1)])
        #expect(LeafRange(start: 16, end: 23).subtrees == [
            SubtreeID(level: 2, index: 4), SubtreeID(level: 1, index: 10), SubtreeID(level: 0, index: 22),
        ])
        #expect(LeafRange(start: 5, end: 5).subtrees.isEmpty)
    }

    @Test func aRangesHashIsTheTreeHashOfItsLeaves() throws {
        for start in 0..<64 {
            // Ranges proofs use: starting at a multiple of a power of two at least their length.
            let alignment = start == 0 ? 64 : 1 << start.trailingZeroBitCount
            for end in (start + 1)...min(64, start + alignment) {
                let range = LeafRange(start: Int64(start), end: Int64(end))
                #expect(try range.hash(Self.store.lookup) == Reference.root(Self.leaves[start..<end]), "\(range)")
            }
        }
    }

    @Test func neededSubtreesAreEachReadOnce() throws {
        let ranges = try ProofPlan.inclusion(leafIndex: 5, treeSize: 13) + ProofPlan.consistency(from: 6, to: 13)
        let needed = ProofPlan.neededSubtrees(ranges)
        #expect(needed == Set(ranges.flatMap(\.subtrees)))
        #expect(needed.count < ranges.flatMap(\.subtrees).count)
    }

    @Test func inclusionOfALeafOutsideTheTreeIsRefused() {
        #expect(throws: ProofRequestError.leafNotInTree(leafIndex: 8, treeSize: 8)) { try ProofPlan.inclusion(leafIndex: 8, treeSize: 8) }
        #expect(throws: ProofRequestError.leafNotInTree(leafIndex: -1, treeSize: 8)) { try ProofPlan.inclusion(leafIndex: -1, treeSize: 8) }
        #expect(throws: ProofRequestError.leafNotInTree(leafIndex: 0, treeSize: 0)) { try ProofPlan.inclusion(leafIndex: 0, treeSize: 0) }
    }

    @Test func consistencyFromTheEmptyTreeOrBackwardsIsRefused() {
        #expect(throws: ProofRequestError.invalidTreeSizes(from: 0, to: 5)) { try ProofPlan.consistency(from: 0, to: 5) }
        #expect(throws: ProofRequestError.invalidTreeSizes(from: 6, to: 5)) { try ProofPlan.consistency(from: 6, to: 5) }
        #expect(throws: ProofRequestError.invalidTreeSizes(from: -1, to: 5)) { try ProofPlan.consistency(from: -1, to: 5) }
    }

    @Test func consistencyOfATreeWithItselfIsTheEmptyProof() throws {
        #expect(try ProofPlan.consistency(from: 7, to: 7).isEmpty)
        #expect(try ProofPlan.consistency(from: 1, to: 1).isEmpty)
    }

    @Test func plansForHugeTreesStayLogarithmic() throws {
        let size = Int64(1) << 62 + 12345
        let inclusion = try ProofPlan.inclusion(leafIndex: size - 1, treeSize: size)
        let consistency = try ProofPlan.consistency(from: size - 7, to: size)
        #expect(inclusion.count <= 63 && consistency.count <= 64)
        #expect(ProofPlan.neededSubtrees(inclusion + consistency).allSatisfy { $0.leaves.upperBound <= size })
    }
}
