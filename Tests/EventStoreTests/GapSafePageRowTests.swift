import Foundation
import PostgresNIO
import TestSupport
import Testing

@testable import EventStore

/// The page statement's rows as PostgreSQL sends them, decoded cell by cell.
@Suite struct GapSafePageRowTests {
    static let statement = GapSafePageStatement(checkpoint: .start, types: nil, limit: 1)

    /// One row of the statement's thirteen columns, with `stream` (the third) as given.
    static func row(position: Int64?, stream: String?, on connection: PostgresConnection) async throws -> PostgresRow {
        let rows = try await connection.query(
            """
            SELECT '812'::text, \(position)::bigint, \(stream)::text, 3::int4, 'b4a1f2d0-8f5e-4a7c-9d1b-2c3e4f5a6b7c'::uuid,
                   'Something'::text, 1::int4, '{"n": 1}'::text, '{"actor": "test"}'::text, 1700000000000001::bigint,
                   1700000000000002::bigint, '811'::text, '\\x0102'::bytea
            """, logger: TestCluster.logger)
        for try await row in rows { return row }
        throw CancellationError()
    }

    @Test("a full row reads as its watermark and event, an empty page's row as the watermark alone, and a NULL in an event column is refused")
    func rowsDecode() async throws {
        let database = try await TestDatabase.make("page_rows")
        try await database.withConnection(as: database.provisioned.app) { connection in
            let full = try Self.statement.decodeRow(try await Self.row(position: 42, stream: "grant-a", on: connection))
            #expect(full.watermark == 812)
            let event = try #require(full.event)
            #expect(event.globalPosition == 42 && event.streamID == "grant-a" && event.streamVersion == 3)
            #expect(event.eventID == UUID(uuidString: "B4A1F2D0-8F5E-4A7C-9D1B-2C3E4F5A6B7C"))
            #expect(event.type == "Something" && event.schemaVersion == 1)
            #expect(event.data == Data(#"{"n": 1}"#.utf8) && event.storedData == event.data)
            #expect(event.metadata.actor == "test")
            #expect(event.occurredAtMicroseconds == 1_700_000_000_000_001 && event.recordedAtMicroseconds == 1_700_000_000_000_002)
            #expect(event.transactionID == 811 && event.hash == Data([1, 2]))

            let empty = try Self.statement.decodeRow(try await Self.row(position: nil, stream: nil, on: connection))
            #expect(empty.watermark == 812 && empty.event == nil)

            let broken = try await Self.row(position: 42, stream: nil, on: connection)
            #expect(throws: GapSafePageError.self) { try Self.statement.decodeRow(broken) }
        }
    }

    static func event(transaction: UInt64, position: Int64) -> RecordedEvent {
        EventRow.make((
            position, "grant-a", Int32(position), UUID(), "Something", 1, #"{"n": 1}"#, "{}", 1_700_000_000_000_001,
            1_700_000_000_000_002, String(transaction), Data([1, 2])))
    }

    @Test("a page that came back out of gap-safe order is sorted; one in order is kept as it came")
    func pageOrder() {
        let ordered = [Self.event(transaction: 7, position: 3), Self.event(transaction: 7, position: 5), Self.event(transaction: 9, position: 4)]
        #expect(GapSafePageStatement.inGapSafeOrder(ordered).map(\.checkpoint) == ordered.map(\.checkpoint))
        let shuffled = [ordered[2], ordered[0], ordered[1]]
        #expect(GapSafePageStatement.inGapSafeOrder(shuffled).map(\.checkpoint) == ordered.map(\.checkpoint))
        #expect(GapSafePageStatement.inGapSafeOrder([]).isEmpty)
        #expect(GapSafePageStatement.inGapSafeOrder([ordered[1]]).map(\.checkpoint) == [ordered[1].checkpoint])
    }
}
