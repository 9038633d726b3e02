import EventStore
import Foundation
import LabLedgerApp
import LabLedgerPrivacy
import PostgresNIO
import Testing
import TestSupport

/// A start whose key-encryption key is missing, malformed or not the database's stops with an
/// error naming the setting, before anything is written: no migration, no table, no row. What
/// `serve`, `work` and the commands that open personal data (`forget`) all start through.
@Suite struct KEKStartTests {
    /// A database with roles but no schema at all, and the owner and application logins to it.
    static func bareDatabase(_ label: String) async throws -> (owner: DatabaseConfig, app: DatabaseConfig, superuser: DatabaseConfig) {
        _ = try await TestDatabase.make("kek_roles")  // the cluster's roles exist from here on
        let superuser = try await TestCluster.superuser.value
        let name = "t_\(label)_\(UUID().uuidString.prefix(8).lowercased())"
        try await DatabaseSetup.withConnection(superuser.with(database: "postgres"), logger: TestCluster.logger) { connection in
            try await connection.query(
                "CREATE DATABASE \(unescaped: name) OWNER \(unescaped: DatabaseSetup.ownerRole) TEMPLATE template0", logger: TestCluster.logger)
        }
        return (
            superuser.with(username: DatabaseSetup.ownerRole, password: .some(nil), database: name),
            superuser.with(username: DatabaseSetup.appLogin, password: .some(nil), database: name),
            superuser.with(database: name))
    }

    static func count(_ sql: String, on database: DatabaseConfig) async throws -> Int {
        try await DatabaseSetup.withConnection(database, logger: TestCluster.logger) { connection in
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestCluster.logger)
            for try await value in rows.decode(Int.self) { return value }
            return 0
        }
    }

    static let publicRelations = "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kek-start-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Starts as `serve` does against a server (migrating as the owner), with `kek`, and stops.
    static func start(_ database: (owner: DatabaseConfig, app: DatabaseConfig, superuser: DatabaseConfig), kek: KEKSetting) async throws {
        var configuration = AppConfiguration(database: .server(owner: database.owner, app: database.app))
        configuration.personKEK = kek
        configuration.maximumConnections = 2
        try await buildApplication(configuration, logger: TestCluster.logger).whileRunning { _ in }
    }

    /// Expects the start to fail with a `PersonVaultError` whose message names `setting`.
    static func expectRefused(
        _ database: (owner: DatabaseConfig, app: DatabaseConfig, superuser: DatabaseConfig), kek: KEKSetting, naming setting: String
    ) async throws {
        do {
            try await start(database, kek: kek)
            Issue.record("the start with \(kek.name) was not refused")
        } catch let error as PersonVaultError {
            #expect(error.description.contains(setting), "\(error)")
        }
    }

    @Test func aFreshDatabaseStartedWithAMalformedKEKGetsNoTableAndTheErrorNamesTheSetting() async throws {
        let database = try await Self.bareDatabase("kek_fresh")
        let folder = try Self.folder()
        try await Self.expectRefused(
            database, kek: KEKSetting(file: folder.appendingPathComponent("k.key").path, environmentValue: "bm90IGEga2V5"),
            naming: KEKSetting.environmentSetting)
        let short = folder.appendingPathComponent("short.key")
        try Data((Data(count: 16).base64EncodedString() + "\n").utf8).write(to: short)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: short.path)
        try await Self.expectRefused(database, kek: KEKSetting(file: short.path), naming: KEKSetting.fileSetting)
        #expect(try await Self.count(Self.publicRelations, on: database.superuser) == 0)

        // The same database with its KEK file not yet made: the first start makes and records it.
        let fresh = KEKSetting(file: folder.appendingPathComponent("person-kek.key").path)
        try await Self.start(database, kek: fresh)
        #expect(FileManager.default.fileExists(atPath: fresh.file))
        #expect(try await Self.count("SELECT count(*) FROM schema_migrations", on: database.superuser) == TestCluster.migrations.count)
        #expect(try await Self.count("SELECT count(*) FROM person_kek", on: database.superuser) == 1)
    }

    static func standInEpoch(create: Bool, on superuser: DatabaseConfig) async throws {
        try await DatabaseSetup.withConnection(superuser, logger: TestCluster.logger) { connection in
            if create {
                try await connection.query("CREATE TABLE protection_epoch (epoch bigint NOT NULL)", logger: TestCluster.logger)
                try await connection.query("INSERT INTO protection_epoch VALUES (0)", logger: TestCluster.logger)
                try await connection.query("GRANT SELECT ON protection_epoch TO labledger_app", logger: TestCluster.logger)
            } else {
                try await connection.query("DROP TABLE protection_epoch", logger: TestCluster.logger)
            }
        }
    }

    @Test func anUpgradeStartedWithAMissingOrWrongKEKAppliesNoMigrationAndTheRightOneDoes() async throws {
        // A database as the release before the KEK's record left it: person keys, no person_kek.
        let superuser = try await TestCluster.superuser.value
        let before = TestCluster.migrations.filter { $0.version <= 26 }
        let provisioned = try await DatabaseSetup.provision(
            superuser: superuser, database: "t_kek_upgrade_\(UUID().uuidString.prefix(8).lowercased())", migrations: before,
            logger: TestCluster.logger)
        let database = (owner: provisioned.owner, app: provisioned.app, superuser: provisioned.superuser)
        // This release's vault reads the erasure epoch (0035), which that release did not have:
        // a stand-in table while it seals, dropped after, so the database is as that release left it.
        try await Self.standInEpoch(create: true, on: provisioned.superuser)
        let kek = KeyEncryptionKey.random()
        let client = PostgresClient(configuration: provisioned.app.clientConfiguration(maximumConnections: 2), backgroundLogger: TestCluster.logger)
        let store = PostgresEventStore(
            client: client, database: provisioned.app, protection: PersonVault(kek: kek, logger: TestCluster.logger), logger: TestCluster.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let body = #"{"placement": "pl-ana", "lab": "hkai-lab", "student": "p-ana", "person": {"name": "Ana Lima Quaresma", "email": "ana@example.org"}}"#
            try await store.append(to: "placement-ana", expected: .noStream, [
                EventData(type: "StudentshipAwarded", data: Data(body.utf8), metadata: EventMetadata(actor: "test"))
            ])
        }
        try await Self.standInEpoch(create: false, on: provisioned.superuser)
        let rowsBefore = try await Self.count("SELECT count(*) FROM events", on: database.superuser)

        let folder = try Self.folder()
        let missing = KEKSetting(file: folder.appendingPathComponent("missing.key").path)
        try await Self.expectRefused(database, kek: missing, naming: KEKSetting.fileSetting)
        #expect(!FileManager.default.fileExists(atPath: missing.file))
        let wrong = KEKSetting(file: missing.file, environmentValue: KeyEncryptionKey.random().secretBytes.base64EncodedString())
        try await Self.expectRefused(database, kek: wrong, naming: KEKSetting.environmentSetting)
        #expect(try await Self.count("SELECT count(*) FROM schema_migrations", on: database.superuser) == before.count)
        #expect(try await Self.count("SELECT count(*) FROM pg_class WHERE relname = 'person_kek'", on: database.superuser) == 0)
        #expect(try await Self.count("SELECT count(*) FROM events", on: database.superuser) == rowsBefore)

        let right = KEKSetting(file: missing.file, environmentValue: kek.secretBytes.base64EncodedString())
        try await Self.start(database, kek: right)
        #expect(try await Self.count("SELECT count(*) FROM schema_migrations", on: database.superuser) == TestCluster.migrations.count)
        #expect(try await Self.count("SELECT count(*) FROM person_kek", on: database.superuser) == 1)
    }
}
