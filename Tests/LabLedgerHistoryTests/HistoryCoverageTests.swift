import Foundation
import LabLedgerHistory
import Testing

@Suite("History generator: coverage and shape")
struct HistoryCoverageTests {
    @Test("a 10,000-event history holds every event type of every codec", arguments: [1, 42, 2018] as [UInt64])
    func everyEventType(seed: UInt64) throws {
        let history = try GeneratedHistory(seed: seed, events: 10_000)
        let seen = history.eventTypes
        for (aggregate, types) in codecEventTypes {
            let missing = types.filter { !seen.contains($0) }
            #expect(missing.isEmpty, "\(aggregate) events never generated: \(missing)")
        }
        #expect(seen.count == codecEventTypes.values.reduce(0) { $0 + $1.count })
    }

    @Test("proportions are lifelike: many disbursements, outputs and royalties, few labs")
    func proportions() throws {
        let history = try GeneratedHistory(seed: 3, events: 10_000)
        var counts: [String: Int] = [:]
        for append in history.appends { for event in append.events { counts[event.type, default: 0] += 1 } }
        let labs = counts["LabFounded", default: 0]
        #expect((3...12).contains(labs))
        #expect(counts["DisbursementRecorded", default: 0] > 20 * labs)
        #expect(counts["OutputRegistered", default: 0] > 20 * labs)
        #expect(counts["RoyaltyReported", default: 0] > 10 * labs)
        #expect(counts["StipendPaid", default: 0] > counts["StudentshipAwarded", default: 0] * 5)
    }

    @Test("appends hold one to five events of one stream, in story order from 1 May 2018")
    func appendShape() throws {
        let history = try GeneratedHistory(seed: 11, events: 10_000)
        let storyStart = Date(timeIntervalSince1970: 17_652 * 86_400)
        #expect(history.appends.first.map { $0.occurredAt >= storyStart && $0.occurredAt < storyStart + 86_400 } == true)
        var previous = Date.distantPast
        for append in history.appends {
            #expect((1...5).contains(append.events.count))
            #expect(append.occurredAt >= previous)
            previous = append.occurredAt
        }
    }

    @Test("a larger history grows by more labs and streams, not by longer streams")
    func scaling() throws {
        let small = try GeneratedHistory(seed: 5, events: 10_000)
        let large = try GeneratedHistory(seed: 5, events: 60_000)
        let labs = { (history: GeneratedHistory) in history.streams.keys.filter { $0.category == .lab }.count }
        #expect(labs(large) > 2 * labs(small))
        #expect(large.streams.count > 4 * small.streams.count)
        #expect(large.streams.values.map(\.count).max() ?? 0 < 2_000)
    }
}
