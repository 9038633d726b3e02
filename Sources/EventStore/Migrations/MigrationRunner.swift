import Foundation
import Logging
import PostgresNIO

/// Applies migrations in order, each once, each in its own transaction. Run it as the
/// owner role; several processes may start at once, an advisory lock lets one migrate.
public struct MigrationRunner: Sendable {
    public let migrations: [Migration]
    let logger: Logger

    /// Key of the session advisory lock held while migrating (an arbitrary constant: "LLMIGRAT").
    static let lockKey: Int64 = 0x4C4C_4D49_4752_4154

    public init(migrations: [Migration], logger: Logger) {
        self.migrations = migrations
        self.logger = logger
    }

    /// Applies what is pending; answers the migrations it applied.
    @discardableResult
    public func migrate(on connection: PostgresConnection) async throws -> [Migration] {
        try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger)
        do {
            let applied = try await migrateHoldingLock(on: connection)
            try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
            return applied
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
            throw error
        }
    }

    /// The migrations not yet applied (after checking the applied ones are unchanged).
    public func pending(on connection: PostgresConnection) async throws -> [Migration] {
        try await ensureLedger(on: connection)
        let recorded = try await appliedChecksums(on: connection)
        try check(recorded)
        return migrations.filter { recorded[$0.version] == nil }
    }

    private func migrateHoldingLock(on connection: PostgresConnection) async throws -> [Migration] {
        let pending = try await pending(on: connection)
        try await connection.query("""
            CREATE OR REPLACE FUNCTION pg_temp.labledger_run_script(script text) RETURNS void
            LANGUAGE plpgsql AS $$ BEGIN EXECUTE script; END $$
            """, logger: logger)
        for migration in pending {
            logger.info("applying migration \(migration.version) \(migration.name)")
            do {
                try await connection.withTransaction(logger: logger) { connection in
                    // The extended protocol takes one statement; the script runs as one EXECUTE.
                    try await connection.query("SELECT pg_temp.labledger_run_script(\(migration.sql))", logger: logger)
                    try await connection.query("""
                        INSERT INTO schema_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                        """, logger: logger)
                }
            } catch let error as PostgresTransactionError {
                let underlying = error.underlying
                let message = (underlying as? PSQLError)?.serverInfo?[.message] ?? "\(String(describing: underlying))"
                throw MigrationError.failed(version: migration.version, name: migration.name, message: message)
            }
        }
        return pending
    }

    private func ensureLedger(on connection: PostgresConnection) async throws {
        try await connection.query("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    int PRIMARY KEY,
                name       text NOT NULL,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, logger: logger)
    }

    private func appliedChecksums(on connection: PostgresConnection) async throws -> [Int: (name: String, checksum: String)] {
        let rows = try await connection.query("SELECT version, name, checksum FROM schema_migrations", logger: logger)
        var recorded: [Int: (name: String, checksum: String)] = [:]
        for try await (version, name, checksum) in rows.decode((Int, String, String).self) {
            recorded[version] = (name, checksum)
        }
        return recorded
    }

    private func check(_ recorded: [Int: (name: String, checksum: String)]) throws {
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for (version, entry) in recorded.sorted(by: { $0.key < $1.key }) {
            guard let migration = known[version] else {
                throw MigrationError.unknownAppliedVersion(version, name: entry.name)
            }
            if migration.checksum != entry.checksum {
                throw MigrationError.checksumMismatch(
                    version: version, name: migration.name, recorded: entry.checksum, current: migration.checksum)
            }
        }
    }
}
