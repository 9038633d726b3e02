import EventStore
import Foundation
import HTTPTypes
import LabLedgerContract
import Logging

/// The API's operations called in process, through the very handlers the HTTP server runs (the
/// same rules, checks and idempotency records), for callers that are not HTTP clients: the demo.
package struct InProcessAPI: Sendable {
    package let operations: any APIProtocol

    /// `shared` is the server's when it runs in the same process (one state cache), or a fresh one.
    package init(store: PostgresEventStore, keys: APIKeyStore, options: APIOptions, shared: APIShared? = nil, logger: Logger) {
        operations = APIHandler(
            store: store, keys: keys, options: options, shared: shared ?? APIShared(options: options), availability: nil, logger: logger)
    }

    /// Runs `call` as `principal`, as if `body` had been posted to `path` with `Idempotency-Key:
    /// idempotencyKey`; `replayed` is true when the answer was the stored one of an earlier call.
    package func call<Output: Sendable>(
        as principal: Principal, requestID: String, idempotencyKey: String, path: String, body: Data,
        _ call: (any APIProtocol) async throws -> Output
    ) async throws -> (output: Output, replayed: Bool) {
        var scope = RequestScope(requestID: requestID)
        scope.principal = principal
        scope.idempotency = IdempotencyRequest(key: idempotencyKey, method: .post, path: path, body: body)
        let output = try await RequestScope.$current.withValue(scope) { try await call(operations) }
        return (output, scope.replay.isSet)
    }
}
