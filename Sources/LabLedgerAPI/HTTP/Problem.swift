import Foundation
import HTTPTypes
import LabLedgerDomain

/// An RFC 9457 problem: every refusal the API gives, from a missing key to a domain rule.
/// Thrown from anywhere below a handler; `ProblemResponse` renders it.
public struct Problem: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    /// Stable and machine readable; the problem's `type` is `https://labledger.dev/problems/<code>`.
    public var code: String
    public var title: String
    public var detail: String
    public var errors: [FieldProblem]
    /// Extra response headers (`WWW-Authenticate`, `Retry-After`, `ETag`).
    public var headers: HTTPFields

    public init(
        _ status: HTTPResponse.Status, code: String, title: String, detail: String, errors: [FieldProblem] = [],
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    public static let typeBase = "https://labledger.dev/problems/"
    public var type: String { Self.typeBase + code }
}

public struct FieldProblem: Sendable, Equatable, Codable {
    /// A JSON pointer into the body (`/owners/1/shareBasisPoints`), or `#query/<name>`,
    /// `#path/<name>`, `#header/<name>` for the other parts of a request.
    public var pointer: String
    public var code: String?
    public var detail: String

    public init(pointer: String, code: String? = nil, detail: String) {
        self.pointer = pointer
        self.code = code
        self.detail = detail
    }
}

extension Problem {
    public static func invalid(_ errors: [FieldProblem]) -> Problem {
        let detail = errors.count == 1
            ? "\(errors[0].pointer): \(errors[0].detail)"
            : "\(errors.count) fields are invalid; see `errors`."
        return Problem(.badRequest, code: "invalid-request", title: "The request is invalid", detail: detail, errors: errors)
    }

    public static func invalid(_ pointer: String, code: String? = nil, _ detail: String) -> Problem {
        invalid([FieldProblem(pointer: pointer, code: code, detail: detail)])
    }

    /// A decider's refusal: the rule's own code, 422 (the request was understood, the ledger
    /// refuses it).
    public static func refused(_ error: DomainError) -> Problem {
        Problem(.unprocessableContent, code: error.code, title: "Refused by a domain rule", detail: error.message)
    }

    public static func notFound(_ what: String) -> Problem {
        Problem(.notFound, code: "not-found", title: "Not found", detail: "\(what) does not exist or is not visible to this key.")
    }

    public static let unauthenticated = Problem(
        .unauthorized, code: "unauthenticated", title: "Authentication required",
        detail: "Send an API key as `Authorization: Bearer <key>`; `labledger keys create` makes one.",
        headers: [.wwwAuthenticate: "Bearer realm=\"labledger\""])

    public static let unknownKey = Problem(
        .unauthorized, code: "invalid-key", title: "Unknown or revoked API key",
        detail: "The bearer key is not a current LabLedger key.",
        headers: [.wwwAuthenticate: "Bearer realm=\"labledger\", error=\"invalid_token\""])

    public static func forbidden(_ detail: String) -> Problem {
        Problem(.forbidden, code: "forbidden", title: "Not allowed for this key", detail: detail)
    }

    /// The server holds as many connections as it may; probes are still answered.
    public static let overloaded = Problem(
        .serviceUnavailable, code: "server-overloaded", title: "Server overloaded",
        detail: "The server holds as many connections as it may; retry after the delay in Retry-After.",
        headers: [.retryAfter: "1", .connection: "close"])

    /// The database does not answer; nothing was read or written by this request.
    public static let databaseUnavailable = Problem(
        .serviceUnavailable, code: "database-unavailable", title: "Database unavailable",
        detail: "The database does not answer; retry after the delay in Retry-After (a command with the same Idempotency-Key is written at most once).",
        headers: [.retryAfter: "2"])

    /// The database connection failed while a request used it: a command may or may not have
    /// been written, which a retry with the same `Idempotency-Key` settles.
    public static let databaseConnectionLost = Problem(
        .serviceUnavailable, code: "database-unavailable", title: "Database unavailable",
        detail: "The database connection failed during the request; a command may or may not have been written. Retry with the same Idempotency-Key after the delay in Retry-After.",
        headers: [.retryAfter: "2"])

    public static func requestTimeout(_ detail: String) -> Problem {
        Problem(.requestTimeout, code: "request-timeout", title: "Request timeout", detail: detail, headers: [.connection: "close"])
    }

    /// The request could not be parsed as HTTP/1.1; the connection is closed after this answer.
    public static func unparseable(_ detail: String, status: HTTPResponse.Status = .badRequest) -> Problem {
        Problem(status, code: status == .badRequest ? "malformed-request" : "request-too-large",
                title: status == .badRequest ? "Malformed request" : "Request head too large",
                detail: detail, headers: [.connection: "close"])
    }

    public static func bodyTooLarge(limit: Int) -> Problem {
        Problem(.contentTooLarge, code: "body-too-large", title: "Request body too large",
                detail: "Request bodies are limited to \(limit) bytes.")
    }
}

/// The JSON body of a problem response (`application/problem+json`).
struct ProblemDocument: Codable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var instance: String?
    var code: String
    var requestId: String?
    var errors: [FieldProblem]?

    init(_ problem: Problem, instance: String?, requestID: String?) {
        type = problem.type
        title = problem.title
        status = problem.status.code
        detail = problem.detail
        self.instance = instance
        code = problem.code
        requestId = requestID
        errors = problem.errors.isEmpty ? nil : problem.errors
    }
}
