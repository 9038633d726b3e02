import EventStore
import TestSupport
import Foundation
import PostgresNIO
import Testing

@Suite("Append-only enforced by the database")
struct AppendOnlyTests {
    static let changes = [
        "UPDATE events SET data = '{\"changed\": true}'",
        "DELETE FROM events",
        // CASCADE: a plain TRUNCATE is refused before any trigger runs, because the
        // transparency log's entries refer to the events (0A000); with CASCADE it reaches the
        // append-only triggers of events and of the log.
        "TRUNCATE events CASCADE",
    ]

    @Test("the application role may not update, delete or truncate", arguments: changes)
    func applicationRoleLacksPrivilege(statement: String) async throws {
        let database = try await TestDatabase.make("apponly")
        try await database.withStore { store in
            try await store.append(to: "kept", expected: .noStream, [event()])
        }
        let error = await #expect(throws: PSQLError.self) {
            try await database.withConnection(as: database.provisioned.app) { connection in
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestCluster.logger)
            }
        }
        #expect(error.map(sqlState) == "42501")
        #expect(try await database.count() == 1)
    }

    @Test("the trigger refuses the owner and the superuser too", arguments: changes)
    func triggerRefusesEveryone(statement: String) async throws {
        let database = try await TestDatabase.make("trigger")
        try await database.withStore { store in
            try await store.append(to: "kept", expected: .noStream, [event()])
        }
        for login in [database.provisioned.owner, database.provisioned.superuser] {
            let error = await #expect(throws: PSQLError.self) {
                try await database.withConnection(as: login) { connection in
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestCluster.logger)
                }
            }
            #expect(error.map(sqlState) == "LLA01")
        }
        #expect(try await database.count() == 1)
    }

    @Test("the application role cannot set the position, transaction id or recorded-at that readers trust")
    func databaseStampsOrderingColumns() async throws {
        let database = try await TestDatabase.make("stamps")
        for column in ["transaction_id", "recorded_at"] {
            let error = await #expect(throws: PSQLError.self) {
                try await database.withConnection(as: database.provisioned.app) { connection in
                    try await connection.query(PostgresQuery(unsafeSQL: """
                        INSERT INTO events (stream_id, stream_version, event_id, event_type, data, hash, \(column))
                        VALUES ('s', 1, gen_random_uuid(), 'E', '{}', sha256(''), DEFAULT)
                        """), logger: TestCluster.logger)
                }
            }
            #expect(error.map(sqlState) == "42501")
        }
        #expect(try await database.count() == 0)
    }

    @Test("rows written behind the store's back with a skipped version or a made-up hash are found by verify")
    func rogueInsertsAreFound() async throws {
        let database = try await TestDatabase.make("rogue")
        try await database.withStore { store in
            try await store.append(to: "s", expected: .noStream, [event()])
            try await store.append(to: "t", expected: .noStream, [event()])
        }
        try await database.withConnection(as: database.provisioned.app) { connection in
            try await connection.query("""
                INSERT INTO events (stream_id, stream_version, event_id, event_type, data, hash)
                VALUES ('s', 3, gen_random_uuid(), 'E', '{}', sha256('')),
                       ('t', 2, gen_random_uuid(), 'E', '{}', sha256(''))
                """, logger: TestCluster.logger)
        }
        try await database.withStore { store in
            let gap = try #require(try await store.verify(stream: "s").firstMismatch)
            #expect(gap.reason == .missingVersion(expected: 2))
            let forged = try #require(try await store.verify(stream: "t").firstMismatch)
            #expect(forged.streamVersion == 2)
            guard case .hashMismatch = forged.reason else {
                Issue.record("expected a hash mismatch, got \(forged.reason)")
                return
            }
            #expect(try await store.verifyAll().firstMismatch == gap)
        }
    }
}
