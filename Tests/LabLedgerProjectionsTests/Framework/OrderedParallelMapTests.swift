@testable import LabLedgerProjections
import Testing

@Suite("Folding a page's streams on several cores")
struct OrderedParallelMapTests {
    struct Refused: Error, Equatable {
        let item: Int
    }

    @Test("slices are contiguous, in order, end at the last item, and number at most the cores", arguments: [1, 2, 3, 4, 8, 64])
    func cutsCoverTheItemsInOrder(parallelism: Int) {
        let weights = (0..<40).map { ($0 * 37) % 11 + 1 }
        let cuts = OrderedParallelMap(parallelism: parallelism, minimumWeight: 1).cuts(weights)

        #expect(cuts.last == weights.count)
        #expect(cuts == cuts.sorted() && Set(cuts).count == cuts.count, "\(cuts)")
        #expect(cuts.first.map { $0 > 0 } == true)
        #expect(cuts.count <= min(parallelism, weights.count))
        // Slices much heavier than any one item: each gets its share, so there are as many as cores.
        if parallelism <= 8 { #expect(cuts.count == parallelism) }
    }

    @Test("slices share the weight about evenly: none carries more than its share and the heaviest item")
    func cutsBalanceTheWeight() {
        let weights = [1, 1, 1, 40, 1, 1, 1, 1, 30, 1, 1, 1, 1, 1, 20, 1]
        let map = OrderedParallelMap(parallelism: 4, minimumWeight: 1)
        let cuts = map.cuts(weights)
        var start = 0
        for end in cuts {
            let slice = weights[start..<end].reduce(0, +)
            #expect(slice <= weights.reduce(0, +) / cuts.count + 40, "slice \(start)..<\(end) weighs \(slice)")
            start = end
        }
    }

    @Test("a page lighter than two slices' minimum weight folds in one slice")
    func lightPagesStayInOneSlice() {
        let map = OrderedParallelMap(parallelism: 8, minimumWeight: 256)
        #expect(map.cuts(Array(repeating: 1, count: 300)) == [300])
        #expect(map.cuts(Array(repeating: 1, count: 512)) == [256, 512])
        #expect(map.cuts([]) == [])
    }

    @Test("results come back in the items' order, as a sequential map gives them", arguments: [1, 2, 3, 7])
    func resultsInOrder(parallelism: Int) async throws {
        let items = Array(0..<1_000)
        let expected = items.map { $0 * $0 - 3 }
        let mapped = try await OrderedParallelMap(parallelism: parallelism, minimumWeight: 10)
            .map(items, weight: { $0 % 5 + 1 }) { $0 * $0 - 3 }
        #expect(mapped == expected)
    }

    @Test("the failure thrown is the earliest failing item's, as the sequential map would throw, whichever slice ends first")
    func earliestFailureWins() async {
        let map = OrderedParallelMap(parallelism: 4, minimumWeight: 1)
        let items = Array(0..<400)
        // Items 150 and 390 fail: in different slices; the later slice is cheap and ends first.
        let failing: Set<Int> = [150, 390]
        await #expect(throws: Refused(item: 150)) {
            _ = try await map.map(items, weight: { _ in 1 }) { item in
                if failing.contains(item) { throw Refused(item: item) }
                return item
            }
        }
    }
}
