import EventStore
import Foundation
import Logging
import PostgresNIO

/// A fresh, migrated database for one suite, with the owner, application and superuser logins.
public struct TestDatabase: Sendable {
    public let provisioned: DatabaseSetup.Provisioned

    public static func make(_ label: String) async throws -> TestDatabase {
        let superuser = try await TestCluster.superuser.value
        let name = "t_\(label)_\(UUID().uuidString.prefix(8).lowercased())"
        let provisioned = try await DatabaseSetup.provision(
            superuser: superuser, database: name, migrations: TestCluster.migrations, logger: TestCluster.logger)
        return TestDatabase(provisioned: provisioned)
    }

    /// Runs `body` with a store that connects as the application role.
    @discardableResult
    public func withStore<T: Sendable>(
        maximumConnections: Int = 40, _ body: @Sendable (PostgresEventStore) async throws -> T
    ) async throws -> T {
        let client = PostgresClient(
            configuration: provisioned.app.clientConfiguration(maximumConnections: maximumConnections),
            backgroundLogger: TestCluster.logger)
        let store = PostgresEventStore(client: client, database: provisioned.app, logger: TestCluster.logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(store)
        }
    }

    /// One connection as `config` (owner, app or superuser of this database).
    @discardableResult
    public func withConnection<T: Sendable>(
        as config: DatabaseConfig, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await DatabaseSetup.withConnection(config, logger: TestCluster.logger, body)
    }

    /// A login to this database with the application's privileges whose transactions are all
    /// read-only (`default_transaction_read_only`), standing in for a hot standby: a write sent
    /// through it fails with SQLSTATE 25006, as on a streaming replica.
    public func readOnlyLogin() async throws -> DatabaseConfig {
        let role = "labledger_standby"
        try await DatabaseSetup.withConnection(provisioned.superuser.with(database: "postgres"), logger: TestCluster.logger) { connection in
            // The provisioner's lock (held until the connection closes): role changes from
            // parallel suites must not collide.
            try await connection.query("SELECT pg_advisory_lock(\(Self.provisioningLockKey))", logger: TestCluster.logger)
            try await connection.query("""
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(unescaped: role)') THEN
                        CREATE ROLE \(unescaped: role) LOGIN;
                        ALTER ROLE \(unescaped: role) SET default_transaction_read_only = on;
                        GRANT \(unescaped: DatabaseSetup.appRole) TO \(unescaped: role);
                    END IF;
                END $$
                """, logger: TestCluster.logger)
        }
        return provisioned.app.with(username: role, applicationName: "labledger-standby")
    }

    /// `DatabaseSetup`'s provisioning lock ("LLPROVIS").
    private static let provisioningLockKey: Int64 = 0x4C4C_5052_4F56_4953

    /// This database's backends whose client set `application_name` to `name`, oldest first.
    public func backendPIDs(applicationName name: String) async throws -> [Int] {
        try await withConnection(as: provisioned.superuser) { connection in
            let rows = try await connection.query(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = \(name) ORDER BY backend_start",
                logger: TestCluster.logger)
            var pids: [Int] = []
            for try await pid in rows.decode(Int.self) { pids.append(pid) }
            return pids
        }
    }

    public func count(_ sql: String = "SELECT count(*) FROM events") async throws -> Int {
        try await withConnection(as: provisioned.superuser) { connection in
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestCluster.logger)
            for try await value in rows.decode(Int.self) { return value }
            return 0
        }
    }
}

/// An event with a small JSON object body.
public func event(_ type: String = "Something", _ body: String = #"{"n": 1}"#, id: UUID = UUID()) -> EventData {
    EventData(id: id, type: type, data: Data(body.utf8), metadata: EventMetadata(actor: "test"))
}

/// The PostgreSQL error state of `error`, if it is a server error.
public func sqlState(_ error: any Error) -> String? {
    (error as? PSQLError)?.serverInfo?[.sqlState]
}

extension PostgresEventStore {
    /// Reads the whole history once `count` events are below the gap-safe watermark. Other
    /// suites write to the same cluster, and any of their open transactions holds it back.
    public func readAllOnce(expecting count: Int, seconds: Double = 30) async throws -> [RecordedEvent] {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while true {
            let events = try await readAll(limit: EventStoreLimits.maxReadLimit)
            if events.count >= count || ContinuousClock.now > deadline { return events }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
