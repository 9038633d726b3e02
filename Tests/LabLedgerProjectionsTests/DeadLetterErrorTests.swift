import EventStore
import Foundation
import LabLedgerProjections
import PostgresNIO
import Testing
import TestSupport

@Suite("Dead letters name the database's own error")
struct DeadLetterErrorTests {
    @Test("an event the database refuses is parked with PostgreSQL's message, SQLSTATE and constraint, not the driver's generic text")
    func parkedWithServerMessage() async throws {
        let harness = try await WorkerHarness.make("dead_letter_text")
        try await harness.database.withConnection(as: harness.database.provisioned.owner) { connection in
            try await connection.query(
                "ALTER TABLE counter_totals ADD CONSTRAINT total_below_1000 CHECK (total < 1000)", logger: TestCluster.logger)
        }
        try await harness.database.withStore { store in
            let worker = harness.startWorker(store)
            defer { worker.cancel() }
            try await harness.count(store, "counter-ok", [1])
            let refused = try await store.append(to: "counter-big", expected: .any, [event("Counted", #"{"n": 5000}"#)])
            #expect(try await eventually { try await harness.status()?.openDeadLetters == 1 })
            let letters = try await harness.database.withConnection(as: harness.database.provisioned.app) {
                try await DeadLetter.list(projection: "counter", on: $0, logger: TestCluster.logger)
            }
            let letter = try #require(letters.first)
            #expect(letter.position == refused.positions[0])
            #expect(letter.error.contains(#"violates check constraint "total_below_1000""#), "\(letter.error)")
            #expect(letter.error.contains("23514"), "\(letter.error)")
            #expect(letter.error.contains("constraint: total_below_1000"), "\(letter.error)")
            #expect(!letter.error.contains("Generic description"), "\(letter.error)")
            #expect(try await harness.totals()["counter-ok"] == 1)
        }
    }
}
