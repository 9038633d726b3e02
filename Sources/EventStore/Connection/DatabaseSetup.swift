import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Creates LabLedger's roles and database on a server where we hold a superuser (the
/// embedded cluster, a test cluster), then migrates as the owner.
///
/// - `labledger_owner` owns the schema and runs migrations.
/// - `labledger` is the service's login; it has only the privileges of `labledger_app`
///   (INSERT and SELECT on `events`), so even a bug in our SQL cannot rewrite history.
public enum DatabaseSetup {
    public static let ownerRole = "labledger_owner"
    public static let appLogin = "labledger"
    public static let appRole = "labledger_app"

    public struct Provisioned: Sendable {
        public var owner: DatabaseConfig
        public var app: DatabaseConfig
        public var superuser: DatabaseConfig
    }

    /// `beforeMigrating` runs on the owner's connection before any migration (the person vault's
    /// read-only KEK check): a start it refuses has written no schema.
    public static func provision(
        superuser: DatabaseConfig, database: String, migrations: [Migration], logger: Logger,
        beforeMigrating: @Sendable (PostgresConnection) async throws -> Void = { _ in }
    ) async throws -> Provisioned {
        guard database.range(of: "^[a-z_][a-z0-9_]{0,62}$", options: .regularExpression) != nil else {
            throw DatabaseConfigError.invalidURL("database name '\(database)' must be lower-case letters, digits and _")
        }
        try await withConnection(superuser.with(database: "postgres"), logger: logger) { connection in
            // Role grants touch cluster-wide catalog rows; two provisioners granting at once fail
            // with "tuple concurrently updated". Every provisioner connects to `postgres`, so this
            // advisory lock (held until the connection closes) lets one work at a time.
            try await connection.query("SELECT pg_advisory_lock(\(Self.provisioningLockKey))", logger: logger)
            for (role, options) in [(appRole, "NOLOGIN"), (ownerRole, "LOGIN"), (appLogin, "LOGIN")] {
                try await ignoringDuplicates {
                    try await connection.query("""
                        DO $$ BEGIN
                            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(unescaped: role)') THEN
                                CREATE ROLE \(unescaped: role) \(unescaped: options);
                            END IF;
                        END $$
                        """, logger: logger)
                }
            }
            try await connection.query("GRANT \(unescaped: appRole) TO \(unescaped: appLogin)", logger: logger)
            // Lets the service see which transaction holds the gap-safe watermark back.
            try await connection.query("GRANT pg_read_all_stats TO \(unescaped: appRole)", logger: logger)
            let rows = try await connection.query("SELECT count(*) FROM pg_database WHERE datname = \(database)", logger: logger)
            var exists = false
            for try await count in rows.decode(Int.self) { exists = count > 0 }
            if !exists {
                try await ignoringDuplicates {
                    try await connection.query(
                        "CREATE DATABASE \(unescaped: database) OWNER \(unescaped: ownerRole) ENCODING 'UTF8' TEMPLATE template0",
                        logger: logger)
                }
            }
        }
        let owner = superuser.with(username: ownerRole, password: .some(nil), database: database, applicationName: "labledger-migrate")
        try await withConnection(owner, logger: logger) { connection in
            try await beforeMigrating(connection)
            try await MigrationRunner(migrations: migrations, logger: logger).migrate(on: connection)
        }
        let app = superuser.with(username: appLogin, password: .some(nil), database: database)
        return Provisioned(owner: owner, app: app, superuser: superuser.with(database: database))
    }

    /// Opens one connection for `body` and closes it afterwards.
    @discardableResult
    public static func withConnection<T: Sendable>(
        _ config: DatabaseConfig, logger: Logger, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let id = connectionIDs.wrappingAdd(1, ordering: .relaxed).oldValue
        let connection = try await PostgresConnection.connect(
            configuration: try config.connectionConfiguration(), id: id, logger: logger)
        do {
            let result = try await body(connection)
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    private static let connectionIDs = Atomic<Int>(1_000_000)

    /// An arbitrary constant ("LLPROVIS").
    private static let provisioningLockKey: Int64 = 0x4C4C_5052_4F56_4953

    /// Roles and databases are cluster-wide; parallel provisioning (test suites) may race to
    /// create the same one, and the loser's duplicate error means the work is done.
    private static func ignoringDuplicates(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as PSQLError where ["42710", "42P04", "23505"].contains(error.serverInfo?[.sqlState] ?? "") {
            return
        }
    }
}
