import EventStore
import Foundation
import LabLedgerProjections
import LabLedgerReadModels
import PostgresNIO
import Testing
import TestSupport

/// A live page is written as one statement, its rows with its checkpoint's move
/// (`projection_write_page`, migration 0047), without BEGIN and COMMIT around it.
@Suite("A live page in one statement")
struct PageInOneStatementTests {
    @Test("a checkpoint moved by someone else rolls the page back with its rows: the worker gives the projection up, parks nothing and does not retry the page event by event")
    func aMovedCheckpointIsLostOwnership() async throws {
        let harness = try await WorkerHarness.make("page_statement_moved")
        let log = CapturedLog()
        try await harness.database.withStore { store in
            let worker = harness.startWorker(store, logger: log.logger)
            defer { worker.cancel() }
            try await harness.count(store, "counter-a", [1, 2, 3])
            #expect(try await eventually { try await harness.totals() == ["counter-a": 6] })

            // Another worker, as the database sees it, moved the checkpoint far past anything
            // appended: this worker's next page starts from where it last left it.
            try await harness.database.withConnection(as: harness.database.provisioned.owner) { connection in
                try await connection.query(
                    "UPDATE projections SET checkpoint_transaction = '9000000000'::xid8, checkpoint_position = 9000000000 WHERE name = 'counter'",
                    logger: TestCluster.logger)
            }
            try await harness.count(store, "counter-a", [10])

            let lost = "projection counter was moved by another worker"
            #expect(try await eventually { log.messages(at: .warning).contains { $0.contains(lost) } })
            #expect(try await harness.totals() == ["counter-a": 6])
            #expect(!log.messages(at: .warning).contains { $0.contains("a page failed") })
            let status = try #require(try await harness.status())
            #expect(status.openDeadLetters == 0)
            #expect(status.eventsApplied == 3)
        }
    }

    @Test("the projector writes a page's rows and its checkpoint's move in one statement outside any transaction, and writes nothing from a stale checkpoint")
    func theProjectorMovesTheCheckpointWithTheRows() async throws {
        let harness = try await WorkerHarness.make("page_statement_direct")
        try await harness.database.withStore { store in
            // A worker registers the projection and applies the first event, then stops.
            let worker = harness.startWorker(store)
            try await harness.count(store, "counter-a", [1])
            #expect(try await eventually { try await harness.totals() == ["counter-a": 1] })
            worker.cancel()
            _ = try? await worker.value
            try await harness.count(store, "counter-a", [2])
            try await harness.count(store, "counter-b", [5])

            let projector = StreamProjector(CounterModel.projection())
            try await harness.database.withConnection(as: harness.database.provisioned.app) { connection in
                let from = try #require(try await harness.status()).checkpoint
                // A gap-safe read stops below the cluster's oldest open transaction, which another
                // test's database may hold back for a while: wait until both appends are readable.
                var page = try await store.readPage(after: from, limit: 100, types: projector.eventTypes, on: connection)
                _ = try await eventually {
                    page = try await store.readPage(after: from, limit: 100, types: projector.eventTypes, on: connection)
                    return page.events.count == 2
                }
                try #require(page.events.count == 2)
                let context = ProjectionContext.live(for: projector, connection: connection, logger: TestCluster.logger)

                let stale = CheckpointMove(projection: "counter", from: .start, to: page.resumeAt, applied: 2, state: .running)
                var refusal: String?
                do {
                    try await projector.applyInOneStatement(page.events, moving: stale, in: context)
                } catch let error as PSQLError {
                    refusal = error.serverInfo?[.sqlState]
                }
                #expect(refusal == CheckpointMove.lostOwnershipState)
                #expect(try await harness.totals() == ["counter-a": 1])
                #expect(try await harness.status()?.checkpoint == from)

                let move = CheckpointMove(projection: "counter", from: from, to: page.resumeAt, applied: 2, state: .running)
                #expect(projector.appliesInOneStatement(page.events, in: context))
                try await projector.applyInOneStatement(page.events, moving: move, in: context)
                // Seen from another connection while this one sends nothing more: committed,
                // so no transaction was left open around the statement.
                #expect(try await harness.totals() == ["counter-a": 3, "counter-b": 5])
                #expect(try await harness.status()?.eventsApplied == 3)
            }
            #expect(try #require(try await harness.status()).checkpoint > .start)
        }
    }

    @Test("a worker whose database refuses its write function (a migration not applied, a privilege missing) parks nothing and applies the page once it may")
    func aSchemaErrorParksNothing() async throws {
        let harness = try await WorkerHarness.make("page_statement_schema")
        let log = CapturedLog()
        let function = "projection_write_page(text, xid8, bigint, xid8, bigint, bigint, text, text[], jsonb[], jsonb[], text[], jsonb[])"
        try await harness.database.withStore { store in
            let worker = harness.startWorker(store, logger: log.logger)
            defer { worker.cancel() }
            try await harness.count(store, "counter-a", [1])
            #expect(try await eventually { try await harness.totals() == ["counter-a": 1] })

            try await harness.database.withConnection(as: harness.database.provisioned.owner) { connection in
                try await connection.query(PostgresQuery(unsafeSQL: "REVOKE EXECUTE ON FUNCTION \(function) FROM labledger_app"), logger: TestCluster.logger)
            }
            try await harness.count(store, "counter-a", [2])
            #expect(try await eventually { log.messages(at: .error).contains { $0.contains("permission denied for function projection_write_page") } })
            #expect(try await harness.totals() == ["counter-a": 1])
            #expect(try await harness.status()?.openDeadLetters == 0)

            try await harness.database.withConnection(as: harness.database.provisioned.owner) { connection in
                try await connection.query(PostgresQuery(unsafeSQL: "GRANT EXECUTE ON FUNCTION \(function) TO labledger_app"), logger: TestCluster.logger)
            }
            #expect(try await eventually { try await harness.totals() == ["counter-a": 3] })
            let status = try #require(try await harness.status())
            #expect(status.openDeadLetters == 0)
            #expect(status.eventsApplied == 2)
            #expect(!log.messages(at: .warning).contains { $0.contains("a page failed") })
        }
    }
}
