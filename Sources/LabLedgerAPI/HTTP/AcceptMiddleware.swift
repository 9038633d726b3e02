import Hummingbird

/// Refuses, before any handler runs, a command whose `Accept` header the answer cannot
/// satisfy. Every operation that is not a GET answers `application/json` (or a problem); the
/// OpenAPI runtime checks `Accept` only when it serialises the answer, after the command was
/// written, so refusing there would report a 406 (or a 415 for a range it cannot parse) for a
/// change that was made.
struct AcceptMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method != .get, request.method != .head, !ConsolePaths.owns(request.uri.path), let accept = request.headers[.accept],
            !AcceptHeader.admitsJSONAnswer(accept)
        {
            throw Problem.notAcceptable
        }
        return try await next(request, context)
    }
}

/// What an `Accept` header admits, as far as a command's `application/json` answer is
/// concerned, judged in the order the OpenAPI runtime judges it (ranges in turn, the first
/// that matches decides, one it cannot parse before that refuses the header), and stricter
/// than it in one respect: a matching range with `q=0` refuses, as RFC 9110 §12.5.1 says.
enum AcceptHeader {
    static func admitsJSONAnswer(_ header: String) -> Bool {
        for value in header.split(separator: ",") {
            let parts = value.split(separator: ";").map { HeaderText.trimmed($0).lowercased() }
            guard let range = parts.first else { return false }
            let weight = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            let typeAndSubtype = range.split(separator: "/")
            guard typeAndSubtype.count == 2, typeAndSubtype[0] != "*" || typeAndSubtype[1] == "*" else { return false }
            switch (typeAndSubtype[0], typeAndSubtype[1]) {
            case ("*", "*"), ("application", "*"), ("application", "json"): return weight > 0
            default: continue
            }
        }
        // No range at all (an empty header) admits anything; ranges that all parse and none
        // matching admit nothing.
        return header.split(separator: ",").isEmpty
    }
}

extension Problem {
    static let notAcceptable = Problem(
        .notAcceptable, code: "not-acceptable", title: "Not acceptable",
        detail: "The operation answers application/json; the Accept header admits no such answer.")
}
