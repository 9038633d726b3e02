import Foundation
import Logging
import PostgresNIO
import TransparencyLog

/// Where the key-encryption key comes from: `LABLEDGER_PERSON_KEK` (base64 of 32 bytes) when
/// set, otherwise the file `--person-kek-file` / `LABLEDGER_PERSON_KEK_FILE` (default
/// `<data-dir>/person-kek.key`, mode 0600), created on first start while the database records
/// no KEK.
///
/// A start goes in three steps, so that a wrong or missing KEK writes nothing: `read()` (the
/// setting alone, before the database is touched), `check(_:on:)` (read-only, before migrating)
/// and `establish(_:on:)` (after migrating: the file created if need be, the KEK recorded).
public struct KEKSetting: Sendable, Equatable {
    public var file: String
    public var environmentValue: String?

    public static let fileSetting = "--person-kek-file / LABLEDGER_PERSON_KEK_FILE"
    public static let environmentSetting = "LABLEDGER_PERSON_KEK"

    public init(file: String, environmentValue: String? = nil) {
        self.file = file
        self.environmentValue = environmentValue.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The setting as an operator names it in a message.
    public var name: String { environmentValue == nil ? "\(Self.fileSetting) (\(file))" : Self.environmentSetting }

    /// What the setting holds.
    public enum Material: Sendable {
        case given(KeyEncryptionKey)
        /// The file does not exist: a KEK is created there, but only while the database records none.
        case absent
    }

    /// The KEK the setting holds, read without writing anything; a malformed one is refused here,
    /// before the database is touched.
    public func read() throws -> Material {
        if let environmentValue {
            guard let bytes = Data(base64Encoded: environmentValue.trimmingCharacters(in: .whitespacesAndNewlines)),
                let parsed = KeyEncryptionKey(bytes: bytes)
            else { throw PersonVaultError.kekMalformed(setting: name, reason: "not base64 of 32 bytes") }
            return .given(parsed)
        }
        let secret: Data?
        do {
            secret = try SigningKeyFile.loadSecret(at: URL(fileURLWithPath: file))
        } catch {
            throw PersonVaultError.kekMalformed(setting: name, reason: "\(error)")
        }
        guard let secret else { return .absent }
        guard let parsed = KeyEncryptionKey(bytes: secret) else { throw PersonVaultError.kekMalformed(setting: name, reason: "not 32 bytes") }
        return .given(parsed)
    }

    /// Refuses a KEK that is not this database's, writing nothing: run it before migrating. A
    /// database not yet migrated (tables missing) records no KEK, and any KEK may start it.
    public func check(_ material: Material, on connection: PostgresConnection, logger: Logger) async throws {
        let state = try await KEKRecord(logger: logger).state(on: connection)
        switch material {
        case .absent:
            // A KEK of its own would open none of the stored keys, or differ from the recorded one.
            if state.checkValue != nil || !state.keysByKEK.isEmpty {
                // Unless another process given the same file created and recorded it since this
                // one read the setting (processes of one deployment starting together): judge that.
                let now = try read()
                if case .given = now { return try await check(now, on: connection, logger: logger) }
                throw PersonVaultError.kekMissing(setting: name, keys: state.keysByKEK.values.reduce(0, +))
            }
        case .given(let kek):
            if let recorded = state.checkValue, recorded != kek.checkValue {
                throw PersonVaultError.kekNotRecorded(setting: name, given: kek.id)
            }
            guard state.keysByKEK.isEmpty || Set(state.keysByKEK.keys) == [kek.id] else {
                throw PersonVaultError.kekWrong(setting: name, given: kek.id, stored: state.keysByKEK.keys.sorted())
            }
            let table = PersonKeyTable(logger: logger)
            if !state.keysByKEK.isEmpty, let sample = try await table.sample(wrappedBy: kek.id, on: connection), let wrapped = sample.wrapped {
                _ = try PersonKeyWrap.unwrap(wrapped, for: sample.person, with: kek)
            }
        }
    }

    /// The KEK, once the schema is current: checked again (another process may have recorded
    /// one since), the file created if it was absent, and its key-check value recorded unless
    /// one is. Of two processes starting at once with different KEKs, the first to record wins
    /// and the other is refused; a KEK file this call created for a KEK that lost is removed.
    public func establish(_ read: Material, on connection: PostgresConnection, logger: Logger) async throws -> KeyEncryptionKey {
        // An absent file read before migrating may have been created since by another process of
        // the same deployment: read it again rather than decide on the old answer.
        let material: Material
        if case .absent = read { material = try self.read() } else { material = read }
        try await check(material, on: connection, logger: logger)
        let kek: KeyEncryptionKey
        var createdHere = false
        switch material {
        case .given(let given):
            kek = given
        case .absent:
            let fresh = KeyEncryptionKey.random()
            let secret: Data
            do {
                // Another process given the same path may create it first: then its KEK is ours.
                secret = try SigningKeyFile.loadOrCreateSecret(at: URL(fileURLWithPath: file), fresh: fresh.secretBytes)
            } catch {
                throw PersonVaultError.kekMalformed(setting: name, reason: "\(error)")
            }
            guard let parsed = KeyEncryptionKey(bytes: secret) else { throw PersonVaultError.kekMalformed(setting: name, reason: "not 32 bytes") }
            kek = parsed
            createdHere = secret == fresh.secretBytes
        }
        let recorded = try await KEKRecord(logger: logger).record(kek, on: connection)
        guard recorded == kek.checkValue else {
            // Nothing was wrapped by it: a file left behind would only be mistaken for the KEK.
            if createdHere { try? FileManager.default.removeItem(atPath: file) }
            throw PersonVaultError.kekNotRecorded(setting: name, given: kek.id)
        }
        return kek
    }

    /// `read()`, `check` and `establish` at once, on a database whose schema is current.
    public func load(on connection: PostgresConnection, logger: Logger) async throws -> KeyEncryptionKey {
        try await establish(try read(), on: connection, logger: logger)
    }
}
