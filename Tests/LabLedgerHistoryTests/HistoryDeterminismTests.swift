import LabLedgerHistory
import Testing

@Suite("History generator: determinism")
struct HistoryDeterminismTests {
    @Test("the same seed gives the same appends, byte for byte")
    func sameSeed() throws {
        let first = try GeneratedHistory(seed: 2018, events: 10_000)
        let second = try GeneratedHistory(seed: 2018, events: 10_000)
        #expect(first.appends.count == second.appends.count)
        #expect(first.appends == second.appends)
    }

    @Test("a different seed gives a different history")
    func differentSeed() throws {
        let first = try GeneratedHistory(seed: 1, events: 10_000)
        let second = try GeneratedHistory(seed: 2, events: 10_000)
        #expect(first.appends != second.appends)
        // The seeded 2018 story opens both, so they differ in what follows, not in how they start.
        #expect(first.appends.first == second.appends.first)
    }

    @Test("it stops once the requested events are reached, finishing the step that crossed it")
    func size() throws {
        for events in [0, 1, 250, 4_321, 10_000] {
            let history = try GeneratedHistory(seed: 7, events: events)
            #expect(history.eventCount >= events)
            // A step makes at most a few dozen events (a round's decisions, five per append).
            #expect(history.eventCount < events + 50)
            #expect(history.iterator.eventsGenerated == history.eventCount)
            #expect(history.iterator.appendsGenerated == history.appends.count)
        }
    }
}
