import EventStore
import TestSupport
import Foundation
import Synchronization
import Testing

@Suite("Concurrent appends")
struct ConcurrentAppendTests {
    @Test("32 writers with exact expected versions: each version written once, every loser told the actual version")
    func exactVersionRace() async throws {
        let database = try await TestDatabase.make("race")
        let stream = "race-exact"
        let attemptsPerWriter = 8
        let outcome = try await database.withStore { store in
            try await withThrowingTaskGroup(of: ([UUID: Int], Int).self) { group in
                for _ in 0..<32 {
                    group.addTask {
                        var won: [UUID: Int] = [:]
                        var lost = 0
                        for _ in 0..<attemptsPerWriter {
                            let seen = try await store.currentVersion(of: stream)
                            let candidate = event("Raced")
                            do {
                                let result = try await store.append(to: stream, expected: .exact(seen), [candidate])
                                #expect(result.streamVersion == seen + 1)
                                won[candidate.id] = result.streamVersion
                            } catch EventStoreError.wrongExpectedVersion(_, let expected, let actual) {
                                #expect(expected == .exact(seen))
                                #expect(actual > seen)
                                lost += 1
                            }
                        }
                        return (won, lost)
                    }
                }
                var won: [UUID: Int] = [:]
                var lost = 0
                for try await (writerWins, writerLosses) in group {
                    won.merge(writerWins) { first, _ in first }
                    lost += writerLosses
                }
                return (won, lost, try await store.readStream(stream, limit: 10_000), try await store.verify(stream: stream))
            }
        }
        let (won, lost, stored, report) = outcome
        #expect(won.count + lost == 32 * attemptsPerWriter)
        #expect(won.count >= attemptsPerWriter)
        #expect(stored.map(\.streamVersion) == Array(1...won.count))
        #expect(Dictionary(uniqueKeysWithValues: stored.map { ($0.eventID, $0.streamVersion) }) == won)
        #expect(Set(won.values).count == won.count)
        #expect(report.isIntact)
    }

    @Test("32 writers with expected version any: every event lands, versions contiguous")
    func anyVersionRace() async throws {
        let database = try await TestDatabase.make("anyrace")
        let stream = "race-any"
        let (ids, stored) = try await database.withStore { store in
            let ids = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for _ in 0..<32 {
                    group.addTask {
                        var mine: [UUID] = []
                        for _ in 0..<5 {
                            let batch = [event("A"), event("B")]
                            try await store.append(to: stream, expected: .any, batch)
                            mine += batch.map(\.id)
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: [UUID]()) { $0 += $1 }
            }
            return (ids, try await store.readStream(stream, limit: 10_000))
        }
        #expect(stored.count == 320)
        #expect(stored.map(\.streamVersion) == Array(1...320))
        #expect(Set(stored.map(\.eventID)) == Set(ids))
        // Events of one append stay adjacent and in order.
        for pair in stride(from: 0, to: stored.count, by: 2) {
            #expect(stored[pair].type == "A" && stored[pair + 1].type == "B")
        }
    }

    @Test("no stream: of 16 writers creating one stream, exactly one succeeds")
    func noStreamRace() async throws {
        let database = try await TestDatabase.make("nostream")
        let winners = try await database.withStore { store in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        do {
                            try await store.append(to: "created-once", expected: .noStream, [event("Created")])
                            return 1
                        } catch EventStoreError.wrongExpectedVersion(_, _, let actual) {
                            #expect(actual == 1)
                            return 0
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
        }
        #expect(winners == 1)
        #expect(try await database.count() == 1)
    }
}
