import Hummingbird

/// Refuses, before any handler runs, a command whose `Accept` header admits no JSON. Every
/// operation that is not a GET answers only `application/json` or `application/problem+json`;
/// the OpenAPI runtime checks `Accept` only when it serialises the answer, after the command
/// was written, so refusing there would report a 406 for a change that was made.
struct AcceptMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method != .get, request.method != .head, let accept = request.headers[.accept],
            !AcceptHeader.admitsJSON(accept)
        {
            throw Problem.notAcceptable
        }
        return try await next(request, context)
    }
}

/// What an `Accept` header admits, as far as a JSON answer is concerned (RFC 9110 §12.5.1).
enum AcceptHeader {
    static let json: Set<String> = ["*/*", "application/*", "application/json", "application/problem+json"]

    /// Whether some media range of `header` matches JSON with a weight above zero.
    static func admitsJSON(_ header: String) -> Bool {
        header.split(separator: ",").contains { range in
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let type = parts.first, json.contains(type) else { return false }
            let weight = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return weight > 0
        }
    }
}

extension Problem {
    static let notAcceptable = Problem(
        .notAcceptable, code: "not-acceptable", title: "Not acceptable",
        detail: "The operation cannot answer in the media type the Accept header asks for.")
}
