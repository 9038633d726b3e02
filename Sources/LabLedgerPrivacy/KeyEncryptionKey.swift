import Crypto
import Foundation

/// The key that wraps every person's data key. It is held outside the database (a file or an
/// environment variable), so a copy of the database, or a backup of it, opens nothing.
public struct KeyEncryptionKey: Sendable {
    /// Kept as bytes: swift-crypto's `SymmetricKey` is not `Sendable`.
    let bytes: Data
    var key: SymmetricKey { SymmetricKey(data: bytes) }
    /// Names the key without revealing it: the first 8 bytes of SHA-256 of it, in hex. Stored
    /// beside each wrapped key, so a wrong KEK is told apart from a damaged row.
    public let id: String

    public init?(bytes: Data) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
        id = SHA256.hash(data: bytes).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    public static func random() -> KeyEncryptionKey {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        // 32 bytes, as `init?(bytes:)` asks: a fresh 256-bit key always has them.
        guard let kek = KeyEncryptionKey(bytes: bytes) else { preconditionFailure("a 256-bit key has 32 bytes") }
        return kek
    }

    /// The key-check value recorded in the database (`person_kek`, 0027): HMAC-SHA-256 of a fixed
    /// label under the KEK. It tells this KEK apart from any other before a person key exists,
    /// and reveals nothing of the KEK (a 256-bit random key cannot be guessed from it).
    public var checkValue: Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data("labledger-kek-check-v1".utf8), using: key))
    }

    /// The key's bytes, to write a new KEK file (rotation); never logged or stored in the database.
    public var secretBytes: Data { bytes }
}
