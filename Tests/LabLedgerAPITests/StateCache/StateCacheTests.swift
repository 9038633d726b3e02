import Testing

@testable import LabLedgerAPI

/// The bound and eviction of the command path's state cache, without a database.
@Suite struct StateCacheTests {
    @Test func theMapHoldsAtMostItsCapacityAndDropsTheLeastRecentlyUsed() {
        var map = LRUMap<String, Int>(capacity: 3)
        #expect(map.set(1, for: "a") == nil)
        #expect(map.set(2, for: "b") == nil)
        #expect(map.set(3, for: "c") == nil)
        #expect(map.value(for: "a") == 1)  // a is now the most recent
        #expect(map.set(4, for: "d") == "b")
        #expect(map.count == 3)
        #expect(map.keysByRecency == ["d", "a", "c"])
        #expect(map.set(30, for: "c") == nil)  // an update makes room for nobody
        #expect(map.keysByRecency == ["c", "d", "a"])
        #expect(map.remove("d") == 4)
        #expect(map.set(5, for: "e") == nil)  // the freed slot is reused
        #expect(map.set(6, for: "f") == "a")
        #expect(map.keysByRecency == ["f", "e", "c"])
        #expect(map.peek("c") == 30)
        #expect(map.keysByRecency == ["f", "e", "c"])  // a peek is no use
    }

    @Test func aCapacityOfZeroHoldsNothing() {
        var map = LRUMap<String, Int>(capacity: 0)
        #expect(map.set(1, for: "a") == nil)
        #expect(map.count == 0)
        #expect(map.value(for: "a") == nil)
    }

    @Test func manyStreamsThroughASmallMapStayWithinTheBound() {
        var map = LRUMap<Int, Int>(capacity: 100)
        var evicted = 0
        for key in 0..<10_000 where map.set(key, for: key) != nil { evicted += 1 }
        #expect(map.count == 100)
        #expect(evicted == 9_900)
        #expect(map.keysByRecency == Array((9_900..<10_000).reversed()))
    }

    enum Commitment {}
    enum Ledger {}

    @Test func aStateIsOnlyHandedBackAsTheAggregateTypeThatFoldedIt() {
        let cache = AggregateStateCache(capacity: 10)
        cache.loaded(42, version: 3, of: "commitment-x", folding: Commitment.self, eventsRead: 3, fromCache: false)
        #expect(cache.state(of: "commitment-x", folding: Commitment.self, as: Int.self)?.version == 3)
        #expect(cache.state(of: "commitment-x", folding: Ledger.self, as: Int.self) == nil)
        #expect(cache.state(of: "commitment-x", folding: Commitment.self, as: String.self) == nil)
        cache.loaded("ledger", version: 3, of: "commitment-x", folding: Ledger.self, eventsRead: 3, fromCache: false)
        #expect(cache.state(of: "commitment-x", folding: Ledger.self, as: String.self)?.state == "ledger")
        #expect(cache.state(of: "commitment-x", folding: Commitment.self, as: Int.self)?.state == 42)
        #expect(cache.statistics.entries == 1)
    }

    @Test func concurrentLoadsOfOneStreamBothStartFromTheCachedState() {
        let cache = AggregateStateCache(capacity: 10)
        cache.loaded(5, version: 5, of: "s", folding: Commitment.self, eventsRead: 5, fromCache: false)
        #expect(cache.state(of: "s", folding: Commitment.self, as: Int.self)?.state == 5)
        #expect(cache.state(of: "s", folding: Commitment.self, as: Int.self)?.state == 5, "a second load meanwhile is not sent back to the first event")
        cache.loaded(6, version: 6, of: "s", folding: Commitment.self, eventsRead: 1, fromCache: true)
        #expect(cache.state(of: "s", folding: Commitment.self, as: Int.self)?.version == 6)
    }

    @Test func anOlderFoldNeverReplacesANewerOneAndAnEmptyStreamIsNotKept() {
        let cache = AggregateStateCache(capacity: 10)
        cache.loaded(5, version: 5, of: "s", folding: Commitment.self, eventsRead: 5, fromCache: false)
        cache.loaded(4, version: 4, of: "s", folding: Commitment.self, eventsRead: 0, fromCache: true)
        cache.loaded(0, version: 0, of: "empty", folding: Commitment.self, eventsRead: 0, fromCache: false)
        #expect(cache.state(of: "s", folding: Commitment.self, as: Int.self)?.state == 5)
        #expect(cache.state(of: "empty", folding: Commitment.self, as: Int.self) == nil)
        #expect(cache.statistics == .init(hits: 1, misses: 2, eventsRead: 5, evictions: 0, entries: 1))
    }

    @Test func forgettingAStreamDropsEveryFoldOfIt() {
        let cache = AggregateStateCache(capacity: 10)
        cache.loaded(1, version: 1, of: "s", folding: Commitment.self, eventsRead: 1, fromCache: false)
        cache.loaded(1, version: 1, of: "s", folding: Ledger.self, eventsRead: 1, fromCache: false)
        cache.forget("s")
        #expect(cache.state(of: "s", folding: Commitment.self, as: Int.self) == nil)
        #expect(cache.state(of: "s", folding: Ledger.self, as: Int.self) == nil)
    }

    @Test func theCacheCountsWhatItDropsToStayWithinItsBound() {
        let cache = AggregateStateCache(capacity: 2)
        for stream in ["a", "b", "c", "d"] {
            cache.loaded(1, version: 1, of: stream, folding: Commitment.self, eventsRead: 1, fromCache: false)
        }
        #expect(cache.statistics.entries == 2)
        #expect(cache.statistics.evictions == 2)
        #expect(cache.state(of: "a", folding: Commitment.self, as: Int.self) == nil)
        #expect(cache.state(of: "d", folding: Commitment.self, as: Int.self) != nil)
        let off = AggregateStateCache(capacity: 0)
        off.loaded(1, version: 1, of: "a", folding: Commitment.self, eventsRead: 1, fromCache: false)
        #expect(off.statistics.entries == 0)
    }
}
