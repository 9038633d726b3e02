import EventStore
import TestSupport
import Foundation
import PostgresNIO
import Testing

/// The store remembers the heads of streams it appended to or read, to skip a read before the
/// next append. These tests make that memory wrong or ambiguous and check nothing breaks.
@Suite("Remembered stream heads")
struct RememberedHeadTests {
    @Test("ids that are equal as Swift strings but differ in bytes (NFC, NFD) are two streams")
    func unicodeNormalisation() async throws {
        let database = try await TestDatabase.make("nfc")
        let composed = "lot-caf\u{E9}"
        let decomposed = "lot-cafe\u{301}"
        #expect(composed == decomposed)
        try await database.withStore { store in
            for _ in 0..<3 { try await store.append(to: composed, expected: .any, [event()]) }
            await #expect(throws: EventStoreError.wrongExpectedVersion(stream: decomposed, expected: .exact(3), actual: 0)) {
                try await store.append(to: decomposed, expected: .exact(3), [event()])
            }
            let other = try await store.append(to: decomposed, expected: .any, [event()])
            #expect(other.streamVersion == 1)
            let report = try await store.verifyAll()
            #expect(report.isIntact)
            #expect(report.streamsChecked == 2)
        }
    }

    @Test("a remembered head the database no longer has is not built on")
    func lostHead() async throws {
        let database = try await TestDatabase.make("losthead")
        try await database.withStore { store in
            for _ in 0..<3 { try await store.append(to: "s", expected: .any, [event("Kept")]) }
            // As after a fail-over to a replica that had not received the last commit.
            try await database.withConnection(as: database.provisioned.superuser) { connection in
                try await connection.query("ALTER TABLE events DISABLE TRIGGER events_no_update_or_delete", logger: TestCluster.logger)
                try await connection.query("DELETE FROM events WHERE stream_id = 's' AND stream_version = 3", logger: TestCluster.logger)
                try await connection.query("ALTER TABLE events ENABLE TRIGGER events_no_update_or_delete", logger: TestCluster.logger)
            }
            let next = try await store.append(to: "s", expected: .any, [event("AfterLoss")])
            #expect(next.streamVersion == 3)
            await #expect(throws: EventStoreError.wrongExpectedVersion(stream: "s", expected: .exact(4), actual: 3)) {
                try await store.append(to: "s", expected: .exact(4), [event()])
            }
            #expect(try await store.readStream("s").map(\.streamVersion) == [1, 2, 3])
            #expect(try await store.verify(stream: "s").isIntact)
        }
    }

    @Test("an occurred-at time the store cannot hash exactly is refused")
    func occurredAtRange() async throws {
        let database = try await TestDatabase.make("occurred")
        var tooOld = event()
        tooOld.occurredAt = Date(timeIntervalSince1970: -10_000_000_000)
        let ancient = tooOld
        try await database.withStore { store in
            await #expect(throws: EventStoreError.occurredAtOutOfRange(eventID: ancient.id)) {
                try await store.append(to: "s", expected: .any, [ancient])
            }
            var old = event()
            old.occurredAt = Date(timeIntervalSince1970: -1_000_000_000.123456)
            try await store.append(to: "s", expected: .any, [old])
            #expect(try await store.verify(stream: "s").isIntact)
        }
        #expect(try await database.count() == 1)
    }
}
