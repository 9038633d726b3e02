import Testing
import TransparencyLog
@testable import LabLedgerAudit

/// A sequencer step as a value: entries numbered on from the frontier, every subtree a page
/// completes reported once, pages of any size giving the same tree (pure, no database).
@Suite struct LogAppendTests {
    static let leaves = (0..<37).map { (globalPosition: Int64($0 * 3 + 1), leaf: LogHash.leaf([UInt8($0)])) }

    @Test func entriesAreNumberedDenselyAfterTheFrontier() {
        let first = LogAppend(events: Array(Self.leaves.prefix(10)), after: LogFrontier())
        let second = LogAppend(events: Array(Self.leaves.dropFirst(10)), after: first.frontier)
        #expect(first.entries.map(\.logIndex) == Array(0..<10))
        #expect(second.entries.map(\.logIndex) == Array(10..<37))
        #expect(second.entries.map(\.globalPosition) == Self.leaves.dropFirst(10).map(\.globalPosition))
    }

    @Test func pagesOfAnySizeMakeTheSameTreeAndReportEachSubtreeOnce() {
        let whole = LogAppend(events: Self.leaves, after: LogFrontier())
        for pageSize in [1, 2, 5, 16, 36] {
            var frontier = LogFrontier()
            var subtrees: [SubtreeID: LogHash] = [:]
            var start = 0
            while start < Self.leaves.count {
                let page = LogAppend(events: Array(Self.leaves[start..<min(start + pageSize, Self.leaves.count)]), after: frontier)
                for subtree in page.subtrees {
                    #expect(subtrees[subtree.id] == nil, "subtree \(subtree.id) reported twice")
                    subtrees[subtree.id] = subtree.hash
                }
                frontier = page.frontier
                start += pageSize
            }
            #expect(frontier == whole.frontier)
            #expect(frontier.root == MerkleTree.root(leafHashes: Self.leaves.map(\.leaf)))
            #expect(subtrees.count == whole.subtrees.count)
        }
    }
}
