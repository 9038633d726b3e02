import EventStore
import Foundation
import HTTPTypes
import Logging

/// Runs demo steps through the API's own handlers, as an admin named `demo`, each with a fixed
/// Idempotency-Key: loading the demo again replays the first answers and writes nothing.
struct DemoRunner: Sendable {
    let handler: APIHandler
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
        var scope = RequestScope(requestID: "demo")
        scope.principal = Self.principal
        scope.idempotency = IdempotencyRequest(key: "demo \(path) \(json.hashValueStable)", method: .post, path: path, body: data)
        _ = try await RequestScope.$current.withValue(scope) { try await call(body) }
        return scope.replay.isSet
    }
}

struct DemoError: Error, CustomStringConvertible {
    var description: String
}

extension String {
    /// SHA-256 of the text, hex: a key that is the same in every process (`hashValue` is not).
    var hashValueStable: String {
        IdempotencyRequest(key: "", method: .post, path: "", body: Data(utf8)).fingerprint.prefix(12).hex
    }
}
