import Hummingbird

/// Answers 503 problem+json with `Retry-After` while the database is down, instead of letting
/// a request wait for a pooled connection until it returns. Probes are left to answer for
/// themselves (`/ready` says 503, `/metrics` reports `database_up 0`, `/health` stays 200).
struct DatabaseGateMiddleware<Context: RequestContext>: RouterMiddleware {
    let availability: DatabaseAvailability

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if PublicPaths.all.contains(request.uri.path) { return try await next(request, context) }
        guard availability.isUp else { return refusal(.databaseUnavailable, request) }
        let response: Response? = try await withoutActuallyEscaping(next) { next in
            // `whileUp` runs the closure in a task of its own and awaits that task before returning,
            // so `next` never outlives this call, and this task does nothing else meanwhile: no
            // concurrent use.
            nonisolated(unsafe) let next = next
            return try await availability.whileUp { try await next(request, context) }
        }
        // Started while the database answered and released when it stopped: a command may
        // have been written, which the retry's Idempotency-Key settles.
        return response ?? refusal(.databaseConnectionLost, request)
    }

    /// Answered above the scope middleware, so the request id is made here, once, for both the
    /// header and the problem's `requestId`.
    private func refusal(_ problem: Problem, _ request: Request) -> Response {
        let requestID = RequestScopeMiddleware<Context>.requestID(request)
        var (headers, body) = ProblemResponse.encoded(problem, instance: request.uri.path, requestID: requestID)
        headers[.requestID] = requestID
        return Response(status: problem.status, headers: headers, body: .init(byteBuffer: body))
    }
}
