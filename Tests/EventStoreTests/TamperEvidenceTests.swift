import EventStore
import TestSupport
import Foundation
import PostgresNIO
import Testing

@Suite("Hash chains and verification")
struct TamperEvidenceTests {
    @Test("an intact history verifies, stream by stream and as a whole")
    func intact() async throws {
        let database = try await TestDatabase.make("intact")
        try await database.withStore { store in
            for index in 0..<30 {
                try await store.append(
                    to: "chain-\(index % 3)", expected: .any,
                    [event("E", #"{"i": \#(index), "text": "Zoë – 深圳 🚀", "n": 1.50, "nested": {"z": null, "a": [true]}}"#)])
            }
            for stream in ["chain-0", "chain-1", "chain-2"] {
                let report = try await store.verify(stream: stream)
                #expect(report.isIntact)
                #expect(report.eventsChecked == 10)
            }
            let all = try await store.verifyAll()
            #expect(all.isIntact)
            #expect(all.eventsChecked == 30)
            #expect(all.streamsChecked == 3)
        }
    }

    @Test("a row altered with the trigger disabled is found, and it is the first mismatch reported")
    func alteredRow() async throws {
        let database = try await TestDatabase.make("altered")
        let target = try await database.withStore { store in
            for index in 0..<5 {
                try await store.append(to: "ledger", expected: .any, [event("E", #"{"amount": \#(index * 100)}"#)])
            }
            return try await store.readStream("ledger")[2]
        }
        try await database.withConnection(as: database.provisioned.superuser) { connection in
            try await connection.query("ALTER TABLE events DISABLE TRIGGER events_no_update_or_delete", logger: TestCluster.logger)
            try await connection.query(
                "UPDATE events SET data = '{\"amount\": 1}' WHERE event_id = \(target.eventID)", logger: TestCluster.logger)
            try await connection.query("ALTER TABLE events ENABLE TRIGGER events_no_update_or_delete", logger: TestCluster.logger)
        }
        try await database.withStore { store in
            for report in [try await store.verify(stream: "ledger"), try await store.verifyAll()] {
                let mismatch = try #require(report.firstMismatch)
                #expect(mismatch.eventID == target.eventID)
                #expect(mismatch.streamVersion == 3)
                guard case .hashMismatch = mismatch.reason else {
                    Issue.record("expected a hash mismatch, got \(mismatch.reason)")
                    return
                }
            }
        }
    }

    @Test("a deleted event is found as a missing version")
    func deletedRow() async throws {
        let database = try await TestDatabase.make("deleted")
        try await database.withStore { store in
            for _ in 0..<4 { try await store.append(to: "ledger", expected: .any, [event()]) }
        }
        try await database.withConnection(as: database.provisioned.superuser) { connection in
            try await connection.query("ALTER TABLE events DISABLE TRIGGER events_no_update_or_delete", logger: TestCluster.logger)
            try await connection.query("DELETE FROM events WHERE stream_version = 2", logger: TestCluster.logger)
            try await connection.query("ALTER TABLE events ENABLE TRIGGER events_no_update_or_delete", logger: TestCluster.logger)
        }
        try await database.withStore { store in
            let mismatch = try #require(try await store.verify(stream: "ledger").firstMismatch)
            #expect(mismatch.streamVersion == 3)
            #expect(mismatch.reason == .missingVersion(expected: 2))
        }
    }

    @Test("payloads only the database can print canonically (exponents) are stored, hashed and verified")
    func databaseCanonicalisedPayloads() async throws {
        let database = try await TestDatabase.make("exponent")
        try await database.withStore { store in
            try await store.append(to: "x", expected: .noStream, [
                event("E", #"{"big": 1e3, "small": 2.5E-3, "plain": 7, "nested": [{"z": 1E+2}]}"#),
                event("F", #"{"escaped": "\ud83d\ude80 \u00e9 \/"}"#),
            ])
            let stored = try await store.readStream("x")
            #expect(String(decoding: stored[0].data, as: UTF8.self) == #"{"big": 1000, "plain": 7, "small": 0.0025, "nested": [{"z": 100}]}"#)
            #expect(String(decoding: stored[1].data, as: UTF8.self) == #"{"escaped": "🚀 é /"}"#)
            #expect(try await store.verify(stream: "x").isIntact)
        }
    }
}
