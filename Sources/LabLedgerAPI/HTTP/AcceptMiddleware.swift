import Hummingbird

/// Refuses, before any handler runs, a command whose `Accept` header the answer cannot
/// satisfy. Every operation that is not a GET answers `application/json` (or a problem); the
/// OpenAPI runtime checks `Accept` only when it serialises the answer, after the command was
/// written, so refusing there would report a 406 (or a 415 for a range it cannot parse) for a
/// change that was made.
struct AcceptMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method != .get, request.method != .head, let accept = request.headers[.accept],
            !AcceptHeader.admitsJSONAnswer(accept)
        {
            throw Problem.notAcceptable
        }
        return try await next(request, context)
    }
}

/// What an `Accept` header admits, as far as a command's `application/json` answer is
/// concerned (RFC 9110 §12.5.1), judged as the OpenAPI runtime will judge it.
enum AcceptHeader {
    static let json: Set<String> = ["*/*", "application/*", "application/json"]

    /// Whether the header is empty, or every media range in it parses (`type/subtype`) and some
    /// range admits `application/json` with a weight above zero.
    static func admitsJSONAnswer(_ header: String) -> Bool {
        let ranges = header.split(separator: ",").map { range in
            range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        }.filter { !($0.first?.isEmpty ?? true) }
        if ranges.isEmpty { return true }
        // The runtime refuses the whole header over one range it cannot parse.
        guard ranges.allSatisfy({ range in range[0].split(separator: "/", omittingEmptySubsequences: false).count == 2 }) else {
            return false
        }
        return ranges.contains { range in
            guard json.contains(range[0]) else { return false }
            let weight = range.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return weight > 0
        }
    }
}

extension Problem {
    static let notAcceptable = Problem(
        .notAcceptable, code: "not-acceptable", title: "Not acceptable",
        detail: "The operation answers application/json; the Accept header admits no such answer.")
}
