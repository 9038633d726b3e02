import Crypto
import Foundation

/// The random values a console session is made of, and how they are compared.
enum SessionSecrets {
    /// 32 random bytes as unpadded base64url: a cookie- and form-safe token of 256 bits.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0 ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// What the table stores of a session token: its SHA-256 (the token has 256 bits of
    /// entropy, so a plain hash is as strong as a slow one).
    static func hash(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(token.utf8)))
    }

    /// Equality that takes the same time wherever the first difference is, so a forged CSRF
    /// token cannot be guessed byte by byte from response times.
    static func matches(_ given: String?, _ expected: String) -> Bool {
        guard let given else { return false }
        let a = Array(given.utf8)
        let b = Array(expected.utf8)
        guard a.count == b.count, !b.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
