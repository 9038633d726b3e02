import Foundation
import Logging
import PostgresNIO
import TransparencyLog

/// Where the key-encryption key comes from: `LABLEDGER_PERSON_KEK` (base64 of 32 bytes) when
/// set, otherwise the file `--person-kek-file` / `LABLEDGER_PERSON_KEK_FILE` (default
/// `<data-dir>/person-kek.key`, mode 0600), created on first start while no key is stored.
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

    /// The KEK, checked against the keys stored in the database before anything is written: a
    /// missing KEK is created only while no person key exists, and a KEK that did not wrap the
    /// stored keys is refused.
    public func load(on connection: PostgresConnection, logger: Logger) async throws -> KeyEncryptionKey {
        let table = PersonKeyTable(logger: logger)
        let stored = try await table.keysByKEK(on: connection)
        let kek: KeyEncryptionKey
        if let environmentValue {
            guard let bytes = Data(base64Encoded: environmentValue.trimmingCharacters(in: .whitespacesAndNewlines)),
                let parsed = KeyEncryptionKey(bytes: bytes)
            else { throw PersonVaultError.kekMalformed(setting: name, reason: "not base64 of 32 bytes") }
            kek = parsed
        } else {
            let url = URL(fileURLWithPath: file)
            let secret: Data
            do {
                if let existing = try SigningKeyFile.loadSecret(at: url) {
                    secret = existing
                } else if stored.isEmpty {
                    secret = try SigningKeyFile.loadOrCreateSecret(at: url, fresh: KeyEncryptionKey.random().bytes)
                } else {
                    throw PersonVaultError.kekMissing(setting: name, keys: stored.values.reduce(0, +))
                }
            } catch let error as SigningKeyFileError {
                throw PersonVaultError.kekMalformed(setting: name, reason: "\(error)")
            }
            guard let parsed = KeyEncryptionKey(bytes: secret) else {
                throw PersonVaultError.kekMalformed(setting: name, reason: "not 32 bytes")
            }
            kek = parsed
        }
        guard stored.isEmpty || Set(stored.keys) == [kek.id] else {
            throw PersonVaultError.kekWrong(setting: name, given: kek.id, stored: stored.keys.sorted())
        }
        if let sample = try await table.sample(wrappedBy: kek.id, on: connection), let wrapped = sample.wrapped {
            _ = try PersonKeyWrap.unwrap(wrapped, for: sample.person, with: kek)
        }
        return kek
    }
}
