import Crypto
import Foundation

/// The text form of an API key: `llk_<key id>_<secret>`. The key id is public (it names the key
/// in listings and event metadata); the secret is 32 random bytes in base64url.
public struct APIKey: Sendable, Equatable {
    public let keyID: String
    public let text: String

    public static let prefix = "llk_"

    /// A new random key.
    public static func generate() -> APIKey {
        // The id ends at the first "_", so it must hold none; the secret may.
        let id = randomBytes(9).base64URL.replacingOccurrences(of: "_", with: "")
        let secret = randomBytes(32).base64URL
        return APIKey(keyID: id, text: "\(prefix)\(id)_\(secret)")
    }

    /// Splits a presented key; nil when it is not of our shape at all.
    public init?(parsing text: String) {
        guard text.hasPrefix(Self.prefix), text.count <= 128 else { return nil }
        let rest = text.dropFirst(Self.prefix.count)
        guard let underscore = rest.firstIndex(of: "_"), underscore != rest.startIndex,
            rest.index(after: underscore) != rest.endIndex
        else { return nil }
        self.init(keyID: String(rest[..<underscore]), text: text)
    }

    private init(keyID: String, text: String) {
        self.keyID = keyID
        self.text = text
    }

    public var hash: Data { Data(SHA256.hash(data: Data(text.utf8))) }

    private static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
