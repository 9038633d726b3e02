import EventStore
import Foundation
import LabLedgerPrivacy
import Logging
import PostgresNIO
import TestSupport

/// A fresh database and a folder for KEK files; stores built with a person vault over them.
struct VaultWorld: Sendable {
    let database: TestDatabase
    let folder: URL

    static func make(_ label: String) async throws -> VaultWorld {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vault-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return VaultWorld(database: try await TestDatabase.make(label), folder: folder)
    }

    func kekFile(_ name: String = "person-kek.key") -> String { folder.appendingPathComponent(name).path }

    /// The KEK as a starting process loads it (and checks it against the stored keys).
    func loadKEK(_ setting: KEKSetting) async throws -> KeyEncryptionKey {
        try await database.withConnection(as: database.provisioned.app) { try await setting.load(on: $0, logger: TestCluster.logger) }
    }

    /// Runs `body` with a store whose vault holds the KEK `setting` names.
    @discardableResult
    func withVault<T: Sendable>(
        _ setting: KEKSetting, maximumConnections: Int = 8, _ body: @Sendable (PostgresEventStore, PersonVault) async throws -> T
    ) async throws -> T {
        let kek = try await loadKEK(setting)
        let client = PostgresClient(
            configuration: database.provisioned.app.clientConfiguration(maximumConnections: maximumConnections), backgroundLogger: TestCluster.logger)
        let vault = PersonVault(kek: kek, logger: TestCluster.logger)
        let store = PostgresEventStore(client: client, database: database.provisioned.app, protection: vault, logger: TestCluster.logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(store, vault)
        }
    }

    /// A studentship as the domain stores it: the student's id, ORCID and personal part.
    static func studentship(_ person: String, name: String, email: String, orcid: String) -> EventData {
        let body = """
            {"placement": "pl-\(person)", "lab": "hkai-lab", "student": "\(person)", "orcid": "\(orcid)",
             "person": {"name": "\(name)", "email": "\(email)"}}
            """
        return EventData(type: "StudentshipAwarded", data: Data(body.utf8), metadata: EventMetadata(actor: "test"))
    }

    /// The stored rows' data and hashes, as the superuser sees them.
    func storedRows() async throws -> [String: (data: String, hash: Data)] {
        try await database.withConnection(as: database.provisioned.superuser) { connection in
            var rows: [String: (data: String, hash: Data)] = [:]
            let result = try await connection.query("SELECT event_id::text, data::text, hash FROM events", logger: TestCluster.logger)
            for try await (id, data, hash) in result.decode((String, String, Data).self) { rows[id] = (data, hash) }
            return rows
        }
    }

    /// Each person key's KEK id (nil once erased), as the superuser sees them.
    func keyKEKs() async throws -> [String: String?] {
        try await database.withConnection(as: database.provisioned.superuser) { connection in
            var keys: [String: String?] = [:]
            let rows = try await connection.query("SELECT person_id, kek_id FROM person_keys", logger: TestCluster.logger)
            for try await (person, kek) in rows.decode((String, String?).self) { keys[person] = kek }
            return keys
        }
    }

    /// The KEK id `person_kek` records (0028), nil when none is.
    func recordedKEKID() async throws -> String? {
        try await database.withConnection(as: database.provisioned.superuser) { connection in
            let rows = try await connection.query("SELECT kek_id FROM person_kek", logger: TestCluster.logger)
            for try await kek in rows.decode(String?.self) { return kek }
            return nil
        }
    }
}
