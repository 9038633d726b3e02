import EventStore
import TestSupport
import Foundation
import PostgresNIO
import Testing

/// An earlier position whose transaction commits late must not be overtaken by a reader.
@Suite("Gap-safe global order")
struct GapSafetyTests {
    private static var options: SubscriptionOptions {
        var options = SubscriptionOptions()
        options.pollInterval = .milliseconds(50)
        return options
    }

    @Test("a later event is held back while an earlier transaction is open, then both arrive in order")
    func lateCommit() async throws {
        let database = try await TestDatabase.make("gapcommit")
        try await database.withStore { store in
            try await database.withConnection(as: database.provisioned.app) { slow in
                try await slow.query("BEGIN", logger: TestCluster.logger)
                let early = try await store.append(to: "gap-a", expected: .noStream, [event("Early")], on: slow)
                let late = try await store.append(to: "gap-b", expected: .noStream, [event("Late")])
                #expect(late.positions[0] > early.positions[0])

                let collected = Collected()
                let consumer = startCollecting(store.subscribe(options: Self.options), into: collected)
                defer { consumer.cancel() }
                // Many poll cycles pass; the committed later event must still be held back.
                try await Task.sleep(for: .seconds(1))
                #expect(await collected.events.isEmpty)
                #expect(try await store.readAll().isEmpty)

                try await slow.query("COMMIT", logger: TestCluster.logger)
                #expect(await collected.waitFor(count: 2))
                let delivered = await collected.events
                #expect(delivered.map(\.type) == ["Early", "Late"])
                #expect(delivered.map(\.globalPosition) == [early.positions[0], late.positions[0]])
            }
        }
    }

    @Test("a later event is held back while an earlier transaction is open, then arrives alone after a rollback")
    func rollback() async throws {
        let database = try await TestDatabase.make("gaprollback")
        try await database.withStore { store in
            try await database.withConnection(as: database.provisioned.app) { slow in
                try await slow.query("BEGIN", logger: TestCluster.logger)
                try await store.append(to: "gap-a", expected: .noStream, [event("Doomed")], on: slow)
                let late = try await store.append(to: "gap-b", expected: .noStream, [event("Late")])

                let collected = Collected()
                let consumer = startCollecting(store.subscribe(options: Self.options), into: collected)
                defer { consumer.cancel() }
                try await Task.sleep(for: .seconds(1))
                #expect(await collected.events.isEmpty)

                try await slow.query("ROLLBACK", logger: TestCluster.logger)
                #expect(await collected.waitFor(count: 1))
                try await Task.sleep(for: .milliseconds(300))
                let delivered = await collected.events
                #expect(delivered.map(\.globalPosition) == late.positions)
                #expect(delivered.map(\.type) == ["Late"])
            }
        }
    }

    @Test("reading all in pages from checkpoints returns every event once, in order")
    func pagedReadAll() async throws {
        let database = try await TestDatabase.make("paging")
        try await database.withStore { store in
            var appended: [UUID] = []
            for index in 0..<25 {
                let batch = [event("E", #"{"i": \#(index)}"#), event("F")]
                try await store.append(to: "page-\(index % 4)", expected: .any, batch)
                appended += batch.map(\.id)
            }
            _ = try await store.readAllOnce(expecting: appended.count)
            var checkpoint = Checkpoint.start
            var read: [UUID] = []
            while true {
                let page = try await store.readAll(after: checkpoint, limit: 7)
                guard let last = page.last else { break }
                read += page.map(\.eventID)
                checkpoint = last.checkpoint
            }
            #expect(read == appended)
        }
    }

    @Test("order follows transaction ids as numbers when they gain a digit")
    func numericTransactionOrder() async throws {
        let database = try await TestDatabase.make("digits")
        try await database.withStore { store in
            let first = try await store.append(to: "d", expected: .noStream, [event("First")])
            let digits = String(first.transactionID).count
            let target = Int(pow(10.0, Double(digits)))
            try await database.withConnection(as: database.provisioned.superuser) { connection in
                // Each committed loop turn consumes one transaction id.
                try await connection.query(PostgresQuery(unsafeSQL: """
                    DO $$ BEGIN
                        WHILE pg_current_xact_id()::text::bigint < \(target) LOOP COMMIT; END LOOP;
                    END $$
                    """), logger: TestCluster.logger)
            }
            let second = try await store.append(to: "d", expected: .exact(1), [event("Second")])
            #expect(String(second.transactionID).count > digits)
            let all = try await store.readAllOnce(expecting: 2)
            #expect(all.map(\.type) == ["First", "Second"])
            let afterFirst = try await store.readAll(after: all[0].checkpoint)
            #expect(afterFirst.map(\.type) == ["Second"])
        }
    }
}
