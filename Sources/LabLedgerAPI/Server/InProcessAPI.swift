import EventStore
import Foundation
import HTTPTypes
import LabLedgerContract
import Logging

/// The API's operations called in process, through the very handlers the HTTP server runs (the
/// same rules, checks and idempotency records), for callers that are not HTTP clients: the demo.
package struct InProcessAPI: Sendable {
    package let operations: any APIProtocol
    /// The same handler as `operations`, for the console's lists that are no API operation.
    let handler: APIHandler

    /// `shared` is the server's when it runs in the same process (one state cache), or a fresh one.
    package init(store: PostgresEventStore, keys: APIKeyStore, options: APIOptions, shared: APIShared? = nil, logger: Logger) {
        handler = APIHandler(
            store: store, keys: keys, options: options, shared: shared ?? APIShared(options: options), availability: nil, logger: logger)
        operations = handler
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

extension InProcessAPI {
    /// Runs a read as `principal`: the handler's own `Access` and visibility checks judge it,
    /// exactly as for a request with that principal's key.
    /// `position`, a command's position token, makes the read wait until the read models have
    /// applied that command, as `LabLedger-Position` does (a malformed token is ignored).
    package func read<Output: Sendable>(
        as principal: Principal, requestID: String, position: String? = nil, _ call: (any APIProtocol) async throws -> Output
    ) async throws -> Output {
        var scope = RequestScope(requestID: requestID)
        scope.principal = principal
        scope.waitFor = position.flatMap(PositionToken.checkpoint(from:))
        return try await RequestScope.$current.withValue(scope) { try await call(operations) }
    }

    /// Runs a command as `principal` with `body` checked against the contract first, as the HTTP
    /// server's `RequestValidationMiddleware` checks a posted body: what the schema check finds
    /// joins the handler's own field checks in one `Problem.invalid`, so an in-process caller
    /// gets the same field-level errors a JSON client gets. No idempotency key: a form post that
    /// is sent twice is two commands, as two curl calls without the header are.
    package func command<Output: Sendable>(
        as principal: Principal, requestID: String, operationID: String, body: Data,
        _ call: (any APIProtocol) async throws -> Output
    ) async throws -> Output {
        var scope = RequestScope(requestID: requestID)
        scope.principal = principal
        let schemas = try ContractRequestSchemas.served.get()
        if let value = try? JSONDecoder().decode(JSONValue.self, from: body) {
            let problems = schemas.problems(operation: operationID, body: value)
            if !problems.isEmpty { scope.schemaProblems.record(problems) }
        }
        return try await RequestScope.$current.withValue(scope) {
            do {
                return try await call(operations)
            } catch is DecodingError {
                // The caller decodes the body as the generated server would; what it cannot read
                // is answered as the server answers it: with the contract check's field problems.
                let problems = scope.schemaProblems.all
                throw problems.isEmpty ? Problem.invalid("/", code: "malformed-json", "The body does not match the operation's schema.") : Problem.invalid(problems)
            }
        }
    }
}
