import EventStore
import Foundation
import PostgresNIO
import Testing

@Suite("Append-only enforced by the database")
struct AppendOnlyTests {
    static let changes = [
        "UPDATE events SET data = '{\"changed\": true}'",
        "DELETE FROM events",
        "TRUNCATE events",
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

    @Test("an insert that skips a stream version is refused by the database")
    func versionsAreContiguous() async throws {
        let database = try await TestDatabase.make("contiguous")
        let error = await #expect(throws: PSQLError.self) {
            try await database.withConnection(as: database.provisioned.app) { connection in
                try await connection.query("""
                    INSERT INTO events (stream_id, stream_version, event_id, event_type, data)
                    VALUES ('s', 2, gen_random_uuid(), 'E', '{}')
                    """, logger: TestCluster.logger)
            }
        }
        #expect(error.map(sqlState) == "LLV01")
    }

    @Test("a client cannot choose the transaction id or hash that gap-safe reading and verification trust")
    func databaseStampsTransactionAndHash() async throws {
        let database = try await TestDatabase.make("stamps")
        try await database.withConnection(as: database.provisioned.app) { connection in
            try await connection.query("""
                INSERT INTO events (stream_id, stream_version, event_id, event_type, data, transaction_id, hash)
                VALUES ('s', 1, gen_random_uuid(), 'E', '{}', '1'::xid8, '\\x00'::bytea)
                """, logger: TestCluster.logger)
        }
        try await database.withStore { store in
            let stored = try await store.readStream("s")
            #expect(stored.count == 1)
            #expect(stored[0].transactionID > 1)
            #expect(stored[0].hash.count == 32)
            #expect(try await store.verify(stream: "s").isIntact)
        }
    }
}
