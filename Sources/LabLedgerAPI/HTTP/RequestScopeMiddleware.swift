import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import LabLedgerPrivacy
import Logging
import NIOCore

/// Reads what every operation shares off the request — request id, bearer key, body limit,
/// `If-Match`, `Idempotency-Key`, `LabLedger-Position` — refuses what is malformed, and runs the
/// rest of the chain with the result as `RequestScope.current`.
struct RequestScopeMiddleware<Context: RequestContext>: RouterMiddleware {
    let keys: APIKeyStore
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // The console has its own session, body limit and HTML error pages (ConsolePaths).
        if ConsolePaths.owns(request.uri.path) { return try await next(request, context) }
        var request = request
        var scope = RequestScope(requestID: Self.requestID(request))
        do {
            if !PublicPaths.all.contains(request.uri.path) {
                scope.principal = try await authenticate(request)
            }
            request = QueryString.normalized(request)
            if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes {
                throw Problem.bodyTooLarge(limit: maxBodyBytes)
            }
            if request.method == .post || request.method == .put || request.method == .patch {
                let body: ByteBuffer
                do {
                    body = try await request.collectBody(upTo: maxBodyBytes)
                } catch is NIOTooManyBytesError {
                    throw Problem.bodyTooLarge(limit: maxBodyBytes)
                } catch where Task.isCancelled {
                    // The database gate cancelled the request (an outage): its 503, not a 413.
                    // Thrown as a cancellation whatever broke the read, so that it is answered
                    // as one (`DatabaseFailure.isCancelledWait`), never as a 500.
                    throw CancellationError()
                } catch {
                    // The body broke off (the client went away, the connection failed).
                    // Before the scope is current, so its metadata is given here.
                    let metadata = RequestScope.$current.withValue(scope) { Logger.MetadataProvider.requestScope.get() }
                    context.logger.warning("request body could not be read: \(String(reflecting: error))", metadata: metadata)
                    throw Problem.unparseable("The request body could not be read to its end.")
                }
                if let key = request.headers[.idempotencyKey] {
                    guard !key.isEmpty, key.count <= 200 else {
                        throw Problem.invalid("#header/Idempotency-Key", "An idempotency key is 1 to 200 characters.")
                    }
                    scope.idempotency = IdempotencyRequest(
                        key: key, method: request.method, path: request.uri.description, body: Data(buffer: body))
                }
            }
            if let ifMatch = request.headers[.ifMatch] {
                scope.expectedVersion = try Self.version(fromETag: ifMatch)
            }
            if let token = request.headers[.labLedgerPosition] {
                guard let checkpoint = PositionToken.checkpoint(from: token) else {
                    throw Problem.invalid("#header/LabLedger-Position", "Not a position token: send back a command's `position` as it was given.")
                }
                scope.waitFor = checkpoint
            }
        } catch {
            var response = RequestScope.$current.withValue(scope) {
                ProblemResponse.response(ProblemResponse.problem(for: error, logger: context.logger), path: request.uri.path)
            }
            response.headers[.requestID] = scope.requestID
            return response
        }
        // Each line logged below carries `request_id` and `actor` through the loggers' metadata
        // provider (`Logger.MetadataProvider.requestScope`), which reads them from the scope only
        // when a line is written; setting them on `context.logger` re-printed the logger's whole
        // metadata twice per request.
        // Reads of personal data on behalf of this key are recorded (docs/domain.md, "Reads of personal data").
        let reader = scope.principal.map { PersonalDataReader(actor: $0.actor, operation: "\(request.method.rawValue) \(request.uri.path)") }
        var response = await PersonalDataReader.$current.withValue(reader) {
            await RequestScope.$current.withValue(scope) {
                do {
                    return try await next(request, context)
                } catch {
                    return ProblemResponse.response(ProblemResponse.problem(for: error, logger: context.logger), path: request.uri.path)
                }
            }
        }
        response.headers[.requestID] = scope.requestID
        if scope.replay.isSet { response.headers[.idempotentReplayed] = "true" }
        Self.unescapeHeaders(&response.headers)
        return response
    }

    /// The generated server URI-encodes string header values (`"1"` goes out as `%221%22`),
    /// which breaks ETags and Locations; ours hold no literal `%`, so decoding restores them.
    static func unescapeHeaders(_ headers: inout HTTPFields) {
        for name in [HTTPField.Name.eTag, .location, .labLedgerPosition] {
            if let value = headers[name], value.utf8.contains(UInt8(ascii: "%")), let decoded = value.removingPercentEncoding {
                headers[name] = decoded
            }
        }
    }

    private func authenticate(_ request: Request) async throws -> Principal {
        guard let authorization = request.headers[.authorization] else { throw Problem.unauthenticated }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw Problem.unauthenticated }
        guard let principal = try await keys.principal(for: HeaderText.trimmed(parts[1])) else {
            throw Problem.unknownKey
        }
        return principal
    }

    /// `"3"`, `W/"3"` or a bare `3`; `*` means "any existing version" and is not a version.
    static func version(fromETag text: String) throws -> Int? {
        var tag = Substring(HeaderText.trimmed(text))
        if tag == "*" { return nil }
        if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
        if tag.hasPrefix("\""), tag.hasSuffix("\""), tag.count >= 2 { tag = tag.dropFirst().dropLast() }
        guard let version = Int(tag), version >= 0 else {
            throw Problem.invalid("#header/If-Match", "If-Match takes a stream version as an ETag, for example \"3\".")
        }
        return version
    }

    /// The caller's `X-Request-Id` when it is short and printable, otherwise a fresh one.
    static func requestID(_ request: Request) -> String {
        if let given = request.headers[.requestID], (1...64).contains(given.count),
            given.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 })
        {
            return given
        }
        return freshRequestID()
    }
}

/// A request id for an answer that has none from its caller: 64 random bits in hex.
func freshRequestID() -> String {
    String(UInt64.random(in: 0 ... .max), radix: 16)
}

// The names are constant, valid header tokens, so the failable initialiser cannot fail.
extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let labLedgerPosition = HTTPField.Name("LabLedger-Position")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}

/// Paths anyone may call: probes, metrics, the contract, and the log's public key (which
/// must reach whoever checks the log, key or no key).
enum PublicPaths {
    /// What an orchestrator and a scraper call: still answered past the connection limit.
    static let probes: Set<String> = ["/health", "/ready", "/metrics", "/openapi.yaml"]
    static let all: Set<String> = probes.union(["/v1/audit/public-key"])
}
