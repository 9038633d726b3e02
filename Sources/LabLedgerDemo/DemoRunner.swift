import Crypto
import Foundation
import LabLedgerAPI

/// Runs demo steps through the API's own handlers, as an admin named `demo`, each with a fixed
/// Idempotency-Key: loading the demo again replays the first answers and writes nothing.
struct DemoRunner: Sendable {
    let api: InProcessAPI
    static let principal = Principal(keyID: "demo", role: .admin, party: nil)

    /// Decodes `json` as the operation's body (as the generated server would) and runs `call`
    /// under the demo principal and the step's idempotency key; true when the answer was a
    /// replay of an earlier load.
    func step<Body: Decodable & Sendable, Output: Sendable>(
        _ path: String, _ json: String, _ call: (Body) async throws -> Output
    ) async throws -> Bool {
        let data = Data(json.utf8)
        let body: Body
        do {
            body = try JSONDecoder().decode(Body.self, from: data)
        } catch {
            throw DemoError(description: "demo step \(path) does not decode: \(error)")
        }
        let (_, replayed) = try await api.call(
            as: Self.principal, requestID: "demo", idempotencyKey: "demo \(path) \(json.stableDigest)", path: path, body: data
        ) { _ in try await call(body) }
        return replayed
    }
}

struct DemoError: Error, CustomStringConvertible {
    var description: String
}

extension String {
    /// The first 12 bytes of the SHA-256 of `"POST \n"` and the text, hex: a key that is the same in
    /// every process (`hashValue` is not). Kept byte for byte as the demo has always made it, so a
    /// demo loaded by an earlier version is recognised and not written twice.
    var stableDigest: String {
        var hash = SHA256()
        hash.update(data: Data("POST \n".utf8))
        hash.update(data: Data(utf8))
        return hash.finalize().prefix(12).map { String(format: "%02x", $0) }.joined()
    }
}
