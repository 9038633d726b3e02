import EventStore
import Foundation
import LabLedgerProjections
import PostgresNIO
import Testing
import TestSupport

/// A live page is written as one statement, its rows with its checkpoint's move
/// (`projection_write_page`, migration 0047), without BEGIN and COMMIT around it.
@Suite("A live page in one statement")
struct PageInOneStatementTests {
    @Test("a checkpoint moved by someone else stops the page before any of its rows: the worker gives the projection up, parks nothing and does not retry the page event by event")
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

    @Test("the rows and the checkpoint's move of a live page commit in one transaction, and every page's events are counted once")
    func rowsAndMoveShareATransaction() async throws {
        let harness = try await WorkerHarness.make("page_statement_xmin")
        try await harness.database.withStore { store in
            let worker = harness.startWorker(store)
            defer { worker.cancel() }
            for round in 1...5 {
                try await harness.count(store, "counter-\(round)", [round])
                #expect(try await eventually { try await harness.totals()["counter-\(round)"] == round })
            }
            let status = try #require(try await harness.status())
            #expect(status.eventsApplied == 5)
            // The last page's rows were written by the transaction that moved the checkpoint.
            let (rowTransaction, checkpointTransaction) = try await harness.database.withConnection(as: harness.database.provisioned.owner) {
                connection in
                let rows = try await connection.query("""
                    SELECT (SELECT xmin::text FROM counter_totals WHERE stream_id = 'counter-5'),
                           (SELECT xmin::text FROM projections WHERE name = 'counter')
                    """, logger: TestCluster.logger)
                var pair: (String, String)?
                for try await row in rows.decode((String, String).self) { pair = row }
                return try #require(pair)
            }
            #expect(rowTransaction == checkpointTransaction)
        }
    }
}
