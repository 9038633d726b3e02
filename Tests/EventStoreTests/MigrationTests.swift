import EventStore
import TestSupport
import Foundation
import PostgresNIO
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test("migrating again applies nothing; each file is recorded with its checksum")
    func idempotent() async throws {
        let database = try await TestDatabase.make("migrate")
        let runner = MigrationRunner(migrations: TestCluster.migrations, logger: TestCluster.logger)
        let applied = try await database.withConnection(as: database.provisioned.owner) { try await runner.migrate(on: $0) }
        #expect(applied.isEmpty)
        let recorded = try await database.count("SELECT count(*) FROM schema_migrations")
        #expect(recorded == TestCluster.migrations.count)
        #expect(recorded >= 2)
    }

    @Test("an applied file that changed is refused with a clear error")
    func changedFile() async throws {
        let database = try await TestDatabase.make("changed")
        var edited = TestCluster.migrations
        edited[1].sql += "\n-- edited afterwards\n"
        let runner = MigrationRunner(migrations: edited, logger: TestCluster.logger)
        let error = await #expect(throws: MigrationError.self) {
            try await database.withConnection(as: database.provisioned.owner) { try await runner.migrate(on: $0) }
        }
        guard case let .checksumMismatch(version, _, _, _) = error else {
            Issue.record("expected a checksum mismatch, got \(String(describing: error))")
            return
        }
        #expect(version == edited[1].version)
        #expect(error?.description.contains("changed after it was applied") == true)
    }

    @Test("a failing migration is rolled back whole and not recorded")
    func failingMigration() async throws {
        let database = try await TestDatabase.make("failing")
        let broken = Migration(version: 9_999, name: "broken", sql: "CREATE TABLE half_done (x int);\nSELECT no_such_function();")
        let runner = MigrationRunner(migrations: TestCluster.migrations + [broken], logger: TestCluster.logger)
        await #expect(throws: MigrationError.self) {
            try await database.withConnection(as: database.provisioned.owner) { try await runner.migrate(on: $0) }
        }
        #expect(try await database.count("SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'") == 0)
        #expect(try await database.count("SELECT count(*) FROM schema_migrations WHERE version = 9999") == 0)
    }

    @Test("a database with a migration this build does not know is refused")
    func newerDatabase() async throws {
        let database = try await TestDatabase.make("newer")
        let runner = MigrationRunner(migrations: Array(TestCluster.migrations.dropLast()), logger: TestCluster.logger)
        await #expect(throws: MigrationError.unknownAppliedVersion(TestCluster.migrations.last?.version ?? 0, name: TestCluster.migrations.last?.name ?? "")) {
            try await database.withConnection(as: database.provisioned.owner) { try await runner.migrate(on: $0) }
        }
    }

    @Test("file names must be numbered")
    func fileNames() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "SELECT 1;".write(to: directory.appendingPathComponent("first.sql"), atomically: true, encoding: .utf8)
        #expect(throws: MigrationError.badFileName("first.sql")) { try Migration.load(from: directory) }
    }
}
