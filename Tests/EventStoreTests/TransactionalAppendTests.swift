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
