import EventStore
import TestSupport
import Foundation
import PostgresNIO
import Testing

@Suite("Subscriptions")
struct SubscriptionTests {
    @Test("a subscriber whose connection is terminated reconnects and resumes without loss or repetition")
    func survivesTermination() async throws {
        let database = try await TestDatabase.make("reconnect")
        var options = SubscriptionOptions()
        options.pollInterval = .milliseconds(100)
        options.applicationName = "subscriber-under-test"
        options.batchSize = 7
        try await database.withStore { [options] store in
            var expected: [UUID] = []
            for index in 0..<40 {
                let batch = [event("Before", #"{"i": \#(index)}"#)]
                try await store.append(to: "r-\(index % 5)", expected: .any, batch)
                expected += batch.map(\.id)
            }
            let collected = Collected()
            let consumer = startCollecting(store.subscribe(options: options), into: collected)
            defer { consumer.cancel() }
            #expect(await collected.waitFor(count: 20))

            let terminated = try await database.withConnection(as: database.provisioned.superuser) { connection in
                let rows = try await connection.query("""
                    SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                    WHERE application_name = 'subscriber-under-test'
                    """, logger: TestCluster.logger)
                for try await count in rows.decode(Int.self) { return count }
                return 0
            }
            #expect(terminated == 1)

            for index in 0..<40 {
                let batch = [event("After", #"{"i": \#(index)}"#)]
                try await store.append(to: "r-\(index % 5)", expected: .any, batch)
                expected += batch.map(\.id)
            }
            #expect(await collected.waitFor(count: 80))
            try await Task.sleep(for: .milliseconds(300))
            #expect(await collected.events.map(\.eventID) == expected)
            #expect(!consumer.isCancelled)
        }
    }

    @Test("a subscriber started from a checkpoint delivers only what follows it, then live events")
    func resumesFromCheckpoint() async throws {
        let database = try await TestDatabase.make("resume")
        try await database.withStore { store in
            for _ in 0..<10 { try await store.append(to: "s", expected: .any, [event("Old")]) }
            let all = try await store.readAllOnce(expecting: 10)
            try #require(all.count == 10)
            let collected = Collected()
            let consumer = startCollecting(store.subscribe(after: all[5].checkpoint), into: collected)
            defer { consumer.cancel() }
            #expect(await collected.waitFor(count: 4))
            let live = event("Live")
            try await store.append(to: "s", expected: .exact(10), [live])
            #expect(await collected.waitFor(count: 5))
            let delivered = await collected.events
            #expect(delivered.prefix(4).map(\.eventID) == all[6...].map(\.eventID))
            #expect(delivered.last?.eventID == live.id)
        }
    }

    @Test("cancelling the consuming task ends the subscription")
    func endsOnCancellation() async throws {
        let database = try await TestDatabase.make("cancel")
        try await database.withStore { store in
            let consumer = Task {
                var seen = 0
                for try await _ in store.subscribe() { seen += 1 }
                return seen
            }
            try await Task.sleep(for: .milliseconds(200))
            consumer.cancel()
            #expect(try await consumer.value == 0)
        }
    }
}
