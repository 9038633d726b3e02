import Testing
import TransparencyLog

@Suite struct LogFrontierTests {
    @Test func rootAfterEveryAppendEqualsRecomputingTheTree() {
        let leaves = distinctLeaves(300)
        var frontier = LogFrontier()
        for (index, leaf) in leaves.enumerated() {
            frontier.append(leaf)
            #expect(frontier.size == Int64(index + 1))
            #expect(frontier.root == Reference.root(leaves.prefix(index + 1)), "size \(index + 1)")
        }
    }

    @Test func everyCompleteSubtreeIsReportedOnceWithTheHashOfItsLeaves() {
        let leaves = distinctLeaves(130)
        var frontier = LogFrontier()
        var reported: [SubtreeID: LogHash] = [:]
        for leaf in leaves {
            for completed in frontier.append(leaf) {
                #expect(reported[completed.id] == nil, "\(completed.id) reported twice")
                reported[completed.id] = completed.hash
            }
        }
        // 130 leaves hold 130 + 65 + 32 + 16 + 8 + 4 + 2 + 1 complete subtrees.
        #expect(reported.count == 258)
        for (id, hash) in reported {
            let range = id.leaves
            #expect(hash == Reference.root(leaves[Int(range.lowerBound)..<Int(range.upperBound)]), "\(id)")
        }
    }

    @Test func resumingFromStoredSubtreesContinuesTheSameTree() throws {
        let leaves = distinctLeaves(100)
        let store = SubtreeStore(leaves: leaves.prefix(77))
        let stored = try LogFrontier.decomposition(of: 77).map { (id: $0, hash: try store.lookup($0)) }
        var resumed = try #require(LogFrontier(size: 77, subtrees: stored))
        #expect(resumed == store.frontier)
        for leaf in leaves.dropFirst(77) { resumed.append(leaf) }
        #expect(resumed.root == Reference.root(leaves[...]))
    }

    @Test func resumingRefusesSubtreesThatAreNotTheSizesDecomposition() throws {
        let store = SubtreeStore(leaves: distinctLeaves(6))
        let stored = try LogFrontier.decomposition(of: 6).map { (id: $0, hash: try store.lookup($0)) }
        #expect(LogFrontier(size: 7, subtrees: stored) == nil)
        #expect(LogFrontier(size: 6, subtrees: Array(stored.reversed())) == nil)
    }

    @Test func aTreeOfAllLeavesHasTheFrontiersRoot() {
        let leaves = distinctLeaves(45)
        #expect(MerkleTree.root(leafHashes: leaves) == Reference.root(leaves[...]))
    }
}
