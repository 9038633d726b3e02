import EventStore
import Foundation
import HummingbirdTesting
import LabLedgerAPI
import LabLedgerApp
import PostgresNIO
import Testing
import TestSupport
import TransparencyLog

/// `serve --no-workers` (an API beside `labledger work`) serves the log's public key and never
/// needs nor creates the private one: two replicas must not publish two keys (issue 16).
@Suite struct PublicKeyOnlyAPITests {
    /// A folder of its own for the key files this test must find untouched.
    static func folder() -> URL {
        URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("labledger-pubkey-\(UUID().uuidString)")
    }

    static func apiWithoutWorkers(_ database: TestDatabase, origin: String, keyFile: URL, publicKey: String?) -> AppConfiguration {
        let log = AppConfiguration.Log(origin: origin, keyFile: keyFile.path, publicKey: publicKey)
        var configuration = AppConfiguration.serve(.migrated(app: database.provisioned.app), api: APIOptions(), log: log, workers: false)
        configuration.databaseProbe = nil
        configuration.maximumConnections = 4
        return configuration
    }

    /// The verifier key of `seed` (a fresh key when nil) named `origin`.
    static func verifierKey(origin: String, seed: [UInt8]? = nil) throws -> String {
        try NoteSigner(name: origin, seed: seed ?? (0..<32).map { _ in UInt8.random(in: 0...255) }).verifierKey
    }

    @Test func anAPIWithoutWorkersAndWithoutAnyKeyRefusesToStartNamingTheSettingAndWritesNoKey() async throws {
        let database = try await TestDatabase.make("pubkey_none")
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let keyFile = folder.appendingPathComponent("log-signing.key")
        let configuration = Self.apiWithoutWorkers(database, origin: "labledger.test/none", keyFile: keyFile, publicKey: nil)
        await #expect {
            _ = try await buildApplication(configuration, logger: TestCluster.logger)
        } throws: { error in
            let text = "\(error)"
            return text.contains("LABLEDGER_LOG_PUBLIC_KEY") && text.contains("LABLEDGER_LOG_KEY_FILE") && text.contains(keyFile.path)
        }
        #expect(!FileManager.default.fileExists(atPath: keyFile.path), "an API without workers created a private key")
        #expect(!FileManager.default.fileExists(atPath: folder.path), "an API without workers made the key's folder")
    }

    @Test func anAPIWithoutWorkersServesExactlyTheConfiguredPublicKeyAndWritesNoPrivateKey() async throws {
        let database = try await TestDatabase.make("pubkey_given")
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let keyFile = folder.appendingPathComponent("log-signing.key")
        let origin = "labledger.test/given"
        let published = try Self.verifierKey(origin: origin)
        let app = try await buildApplication(
            Self.apiWithoutWorkers(database, origin: origin, keyFile: keyFile, publicKey: published), logger: TestCluster.logger)
        let http = try #require(app.http)
        try await http.test(.router) { client in
            try await client.execute(uri: "/v1/audit/public-key", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == published + "\n")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: keyFile.path), "an API without workers created a private key")
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    @Test func anAPIWithoutWorkersDerivesThePublicKeyFromAnExistingKeyFileWithoutChangingIt() async throws {
        let database = try await TestDatabase.make("pubkey_derived")
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let keyFile = folder.appendingPathComponent("log-signing.key")
        let origin = "labledger.test/derived"
        let key = try SigningKeyFile.loadOrCreate(at: keyFile)
        let before = try Data(contentsOf: keyFile)
        let expected = try Self.verifierKey(origin: origin, seed: Array(key.rawRepresentation))
        let app = try await buildApplication(
            Self.apiWithoutWorkers(database, origin: origin, keyFile: keyFile, publicKey: nil), logger: TestCluster.logger)
        let http = try #require(app.http)
        try await http.test(.router) { client in
            try await client.execute(uri: "/v1/audit/public-key", method: .get) { response in
                #expect(String(buffer: response.body) == expected + "\n")
            }
        }
        #expect(try Data(contentsOf: keyFile) == before)
    }

    @Test func aMalformedOrOtherLogsPublicKeyIsRefused() async throws {
        let database = try await TestDatabase.make("pubkey_malformed")
        let folder = Self.folder()
        let keyFile = folder.appendingPathComponent("log-signing.key")
        for (given, expected) in [
            ("not-a-key", "is not a verifier key"),
            (try Self.verifierKey(origin: "another.example/log"), "another.example/log"),
        ] {
            await #expect {
                _ = try await buildApplication(
                    Self.apiWithoutWorkers(database, origin: "labledger.test/mine", keyFile: keyFile, publicKey: given),
                    logger: TestCluster.logger)
            } throws: { error in
                "\(error)".contains("LABLEDGER_LOG_PUBLIC_KEY") && "\(error)".contains(expected)
            }
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    /// The newest stored checkpoint is checked against the key at start: a replica given
    /// another deployment's key must not publish it.
    /// Runs a worker with `keyFile` until it has signed a checkpoint over one appended event.
    static func signACheckpoint(_ database: TestDatabase, origin: String, keyFile: URL) async throws {
        var worker = AppConfiguration(database: .migrated(app: database.provisioned.app))
        worker.log = .init(origin: origin, keyFile: keyFile.path, checkpointInterval: .milliseconds(50))
        worker.maximumConnections = 4
        try await buildApplication(worker, logger: TestCluster.logger).whileRunning { app in
            _ = try await app.store.append(to: "thing-1", expected: .noStream, [event()])
            for _ in 0..<600 {
                if try await database.count("SELECT count(*) FROM log_checkpoints") > 0 { return }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw APITestError("no checkpoint was signed within 30 s")
        }
    }

    @Test(.hangGuard)
    func anAPIWithoutWorkersRefusesAPublicKeyThatDidNotSignTheNewestStoredCheckpoint() async throws {
        let database = try await TestDatabase.make("pubkey_mismatch")
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let keyFile = folder.appendingPathComponent("log-signing.key")
        let origin = "labledger.test/mismatch"

        // A worker signs a checkpoint with its key file.
        try await Self.signACheckpoint(database, origin: origin, keyFile: keyFile)
        let signing = try #require(try SigningKeyFile.load(at: keyFile))

        await #expect {
            _ = try await buildApplication(
                Self.apiWithoutWorkers(database, origin: origin, keyFile: keyFile, publicKey: try Self.verifierKey(origin: origin)),
                logger: TestCluster.logger)
        } throws: { error in
            "\(error)".contains("newest stored checkpoint") && "\(error)".contains("LABLEDGER_LOG_PUBLIC_KEY")
        }
        // The worker's own public key is accepted and served.
        let accepted = try Self.verifierKey(origin: origin, seed: Array(signing.rawRepresentation))
        let app = try await buildApplication(
            Self.apiWithoutWorkers(database, origin: origin, keyFile: keyFile, publicKey: accepted), logger: TestCluster.logger)
        try await #require(app.http).test(.router) { client in
            try await client.execute(uri: "/v1/audit/public-key", method: .get) { response in
                #expect(String(buffer: response.body) == accepted + "\n")
            }
        }
    }

    /// A key accepted at start because nothing was signed yet (compose after `down -v` kept the
    /// old public key file; the worker made a new signing key) is caught once the worker signs:
    /// `/ready` answers 503 naming the check, so the balancer stops sending to that replica.
    @Test(.hangGuard)
    func anAPIServingAPublicKeyThatDidNotSignTheFirstCheckpointSignedLaterIsNotReady() async throws {
        let database = try await TestDatabase.make("pubkey_stale")
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let keyFile = folder.appendingPathComponent("log-signing.key")
        let origin = "labledger.test/stale"
        let stale = try Self.verifierKey(origin: origin)
        let app = try await buildApplication(
            Self.apiWithoutWorkers(database, origin: origin, keyFile: folder.appendingPathComponent("unused.key"), publicKey: stale),
            logger: TestCluster.logger)
        try await #require(app.http).test(.router) { client in
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
            }
            try await Self.signACheckpoint(database, origin: origin, keyFile: keyFile)
            try await client.execute(uri: "/ready", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(response.status == .serviceUnavailable, "\(body)")
                #expect(body.contains("log-key"), "\(body)")
            }
        }
    }
}
