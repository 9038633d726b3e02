import Foundation

extension Sequence<UInt8> {
    /// Lower-case hex, two digits a byte (hash chains, claim stream ids, demo keys).
    var hex: String {
        map { String(format: "%02x", $0) }.joined()
    }

    /// base64url without padding (RFC 4648 §5): API key parts and page cursors.
    var base64URL: String {
        Data(self).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

extension Optional {
    /// `map` for an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async throws -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
