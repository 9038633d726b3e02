import Crypto
import Foundation

/// A person's data key sealed by the KEK with AES-256-GCM, the person id authenticated with it:
/// a wrapped key copied to another person's row, or opened with another KEK, fails to open.
enum PersonKeyWrap {
    /// 12-byte nonce, 32-byte key, 16-byte tag (the column's CHECK holds it to 60).
    static let wrappedSize = 60

    static func wrap(_ dataKey: SymmetricKey, for person: String, with kek: KeyEncryptionKey) throws -> Data {
        let sealed = try AES.GCM.seal(dataKey.withUnsafeBytes { Data($0) }, using: kek.key, authenticating: Data(person.utf8))
        guard let combined = sealed.combined else { throw PersonVaultError.corruptKey(person: person) }
        return combined
    }

    static func unwrap(_ wrapped: Data, for person: String, with kek: KeyEncryptionKey) throws -> SymmetricKey {
        do {
            let box = try AES.GCM.SealedBox(combined: wrapped)
            return SymmetricKey(data: try AES.GCM.open(box, using: kek.key, authenticating: Data(person.utf8)))
        } catch {
            throw PersonVaultError.corruptKey(person: person)
        }
    }
}
