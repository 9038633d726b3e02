import EventStore
import Foundation
import LabLedgerHistory
import LabLedgerProjections
import LabLedgerReadModels
import PostgresNIO
import Testing
import TestSupport

/// A live page inserts its new facts (a disbursement's reference, a stipend's, a royalty report's
/// period) without reading them first (`KeyedStreamReadModel.newFacts`); a repeated one is
/// refused by the table's primary key, and the page's events, applied one by one with the facts
/// read, park it with the model's own reason.
@Suite("New facts inserted unread")
struct UnreadNewFactsTests {
    @Test("a disbursement repeating a reference in the table fails its page on the primary key; one by one, it is parked with the model's reason, the stream's next event waits behind it, and no row is doubled")
    func aRepeatedDisbursementIsParkedWithItsReason() async throws {
        let database = try await TestDatabase.make("unread_new_facts")
        let log = CapturedLog()
        // A commitment's stream up to its first disbursement, from the generated history.
        let appends = Array(HistoryGenerator(seed: 7, events: 2_000))
        let first = try #require(appends.first { $0.events.contains { $0.type == "DisbursementRecorded" } })
        let stream = first.stream.rawValue
        let history = appends.filter { $0.stream.rawValue == stream && $0.expectedVersion < first.expectedVersion + first.events.count }
        let recorded = try #require(first.events.first { $0.type == "DisbursementRecorded" })
        let reference = try #require(try Self.payload(recorded.data)["reference"] as? String)
        let references = try history.flatMap(\.events).filter { $0.type == "DisbursementRecorded" }.map {
            try #require(try Self.payload($0.data)["reference"] as? String)
        }

        try await database.withStore { store in
            let worker = ProjectionWorker(
                projectors: [StreamProjector(FundingReadModel.projection)], store: store, options: WorkerHarness.options(),
                logger: log.logger)
            let running = Task { try await worker.run() }
            defer { running.cancel() }
            var version = 0
            for append in history {
                let events = append.events.map { EventData(type: $0.type, schemaVersion: $0.schemaVersion, data: $0.data, metadata: EventMetadata(actor: "test")) }
                try await store.append(to: stream, expected: version == 0 ? .noStream : .exact(version), events)
                version += events.count
            }
            let harness = WorkerHarness(database: database)
            #expect(try await eventually { try await harness.status("funding")?.eventsApplied == Int64(version) })
            #expect(try await Self.references(database, stream) == references)

            // One append, so one page: the reference again (no decider writes that), and a new one.
            var fresh = try Self.payload(recorded.data)
            fresh["reference"] = reference + "-next"
            let repeated = try await store.append(to: stream, expected: .exact(version), [
                EventData(type: recorded.type, schemaVersion: recorded.schemaVersion, data: recorded.data, metadata: EventMetadata(actor: "test")),
                EventData(type: recorded.type, schemaVersion: recorded.schemaVersion, data: try JSONSerialization.data(withJSONObject: fresh),
                          metadata: EventMetadata(actor: "test")),
            ])
            #expect(try await eventually { try await harness.status("funding")?.openDeadLetters == 2 })
            let letters = try await database.withConnection(as: database.provisioned.app) {
                try await DeadLetter.list(projection: "funding", on: $0, logger: TestCluster.logger)
            }
            try #require(letters.count == 2)
            #expect(letters[0].position == repeated.positions[0])
            #expect(letters[0].error.contains("disbursement '\(reference)' is already recorded"), "\(letters[0].error)")
            #expect(letters[1].position == repeated.positions[1])
            #expect(letters[1].error.contains("waits behind an earlier parked event"), "\(letters[1].error)")
            // The page itself was refused by the key the write did not delete by.
            #expect(log.messages(at: .warning).contains { $0.contains("a page failed") && $0.contains("23505") }, "\(log.messages(at: .warning))")
            #expect(try await Self.references(database, stream) == references)
            #expect(try await harness.status("funding")?.eventsApplied == Int64(version))
        }
    }

    static func payload(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The references of the commitment's disbursement rows, in the order they were recorded.
    static func references(_ database: TestDatabase, _ stream: String) async throws -> [String] {
        try await database.withConnection(as: database.provisioned.app) { connection in
            var references: [String] = []
            let rows = try await connection.query(
                "SELECT reference FROM funding_disbursements WHERE stream_id = \(stream) ORDER BY recorded_position", logger: TestCluster.logger)
            for try await reference in rows.decode(String.self) { references.append(reference) }
            return references
        }
    }
}
