import EventStore
import TestSupport
import Foundation
import PostgresNIO
import Testing

@Suite("Appends inside a caller's transaction")
struct TransactionalAppendTests {
    @Test("a rolled-back append leaves nothing that a later append builds on")
    func rollbackLeavesNoTrace() async throws {
        let database = try await TestDatabase.make("txrollback")
        try await database.withStore { store in
            try await store.append(to: "s", expected: .noStream, [event("First")])
            try await database.withConnection(as: database.provisioned.app) { connection in
                try await connection.query("BEGIN", logger: TestCluster.logger)
                let inside = try await store.append(to: "s", expected: .exact(1), [event("RolledBack")], on: connection)
                #expect(inside.streamVersion == 2)
                try await connection.query("ROLLBACK", logger: TestCluster.logger)
            }
            await #expect(throws: EventStoreError.wrongExpectedVersion(stream: "s", expected: .exact(2), actual: 1)) {
                try await store.append(to: "s", expected: .exact(2), [event("OnAGhost")])
            }
            let kept = try await store.append(to: "s", expected: .exact(1), [event("Second")])
            #expect(kept.streamVersion == 2)
            #expect(try await store.readStream("s").map(\.type) == ["First", "Second"])
            #expect(try await store.verify(stream: "s").isIntact)
        }
    }

    @Test("a transaction older than the stream's last writer cannot append after it: readers would see its event first")
    func olderTransactionCannotAppendAfterNewerWriter() async throws {
        let database = try await TestDatabase.make("txorder")
        try await database.withStore { store in
            try await database.withConnection(as: database.provisioned.app) { older in
                try await older.query("BEGIN", logger: TestCluster.logger)
                // The caller's transaction takes its id first (it wrote something else)...
                try await store.append(to: "other", expected: .noStream, [event("Elsewhere")], on: older)
                // ...then a newer transaction writes the stream's first event and commits.
                try await store.append(to: "s", expected: .noStream, [event("First")])
                await #expect(throws: EventStoreError.concurrentAppend(stream: "s")) {
                    try await store.append(to: "s", expected: .exact(1), [event("Second")], on: older)
                }
                try await older.query("ROLLBACK", logger: TestCluster.logger)
            }
            // A fresh transaction is newer than that writer, and may.
            try await database.withConnection(as: database.provisioned.app) { fresh in
                try await fresh.query("BEGIN", logger: TestCluster.logger)
                let second = try await store.append(to: "s", expected: .exact(1), [event("Second")], on: fresh)
                #expect(second.streamVersion == 2)
                try await fresh.query("COMMIT", logger: TestCluster.logger)
            }
            let all = try await store.readAllOnce(expecting: 2)
            #expect(all.filter { $0.streamID == "s" }.map(\.streamVersion) == [1, 2])
        }
    }

    @Test("a conflict or a replay inside a transaction leaves the transaction usable")
    func refusalKeepsTransactionUsable() async throws {
        let database = try await TestDatabase.make("txusable")
        try await database.withStore { store in
            let first = event("First")
            let original = try await store.append(to: "s", expected: .noStream, [first])
            try await database.withConnection(as: database.provisioned.app) { connection in
                try await connection.query("BEGIN", logger: TestCluster.logger)
                await #expect(throws: EventStoreError.wrongExpectedVersion(stream: "s", expected: .noStream, actual: 1)) {
                    try await store.append(to: "s", expected: .noStream, [event("Late")], on: connection)
                }
                let replay = try await store.append(to: "s", expected: .noStream, [first], on: connection)
                #expect(replay.positions == original.positions && replay.wasAlreadyAppended)
                let next = try await store.append(to: "s", expected: .any, [event("Next")], on: connection)
                #expect(next.streamVersion == 2)
                try await connection.query("COMMIT", logger: TestCluster.logger)
            }
            #expect(try await store.readStream("s").map(\.type) == ["First", "Next"])
            #expect(try await store.verify(stream: "s").isIntact)
        }
    }
}
