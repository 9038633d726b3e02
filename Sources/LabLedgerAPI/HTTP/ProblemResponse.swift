import Foundation
import Hummingbird
import Logging
import OpenAPIRuntime

/// Turns any error into an `application/problem+json` answer: our problems as they are, the
/// generated server's decoding failures as 400s naming the field, Hummingbird's HTTP errors
/// with their status, and anything else as a 500 that leaks nothing but the request id.
enum ProblemResponse {
    static func response(_ problem: Problem, path: String) -> Response {
        let (headers, body) = encoded(problem, instance: path, requestID: RequestScope.current.requestID)
        return Response(status: problem.status, headers: headers, body: .init(byteBuffer: body))
    }

    /// The headers and body of a problem answer, also for answers written below Hummingbird's
    /// router (connection refusals, unparseable requests).
    static func encoded(_ problem: Problem, instance: String?, requestID: String?) -> (HTTPFields, ByteBuffer) {
        let document = ProblemDocument(problem, instance: instance, requestID: requestID)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(document)) ?? Data("{}".utf8)
        var headers = problem.headers
        headers[.contentType] = "application/problem+json"
        return (headers, ByteBuffer(bytes: body))
    }

    static func problem(for error: any Error, logger: Logger) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let rejection as CommandRejection:
            return Problem(rejection)
        case let server as ServerError:
            return problem(forServerError: server, logger: logger)
        case let http as HTTPError:
            return problem(forHTTPError: http)
        case _ where DatabaseFailure.isUnavailable(error):
            logger.warning("request failed, database connection lost: \(String(reflecting: error))")
            return .databaseConnectionLost
        default:
            logger.error("request failed: \(String(reflecting: error))")
            return internalError
        }
    }

    static let internalError = Problem(
        .internalServerError, code: "internal-error", title: "Internal error",
        detail: "The server failed to answer; the request id names it in the logs.")

    private static func problem(forServerError error: ServerError, logger: Logger) -> Problem {
        // Decoding failures are the caller's only while the request is being decoded; once the
        // handler runs (`operationInput` is set), they concern stored data and are ours.
        let duringDecoding = error.operationInput == nil
        switch error.underlyingError {
        case let problem as Problem:
            return problem
        case let rejection as CommandRejection:
            return Problem(rejection)
        case let decoding as DecodingError where duringDecoding:
            if let query = QueryParameterProblem.undecodable(operation: error.operationID, path: error.request.path) {
                return query
            }
            // The contract check has listed every field it could judge; the decoder's own
            // finding joins them unless it names a field already listed or one holding a listed
            // field (a `oneOf` the decoder could not read, where the check named the bad field
            // inside it).
            let decoderProblem = RequestDecodingProblem.problem(for: decoding)
            let schemaProblems = RequestScope.current.schemaProblems.all
            guard !schemaProblems.isEmpty else { return decoderProblem }
            let listed = schemaProblems.map(\.pointer)
            let extra = decoderProblem.errors.filter { problem in
                !listed.contains { $0 == problem.pointer || $0.hasPrefix(problem.pointer + "/") }
            }
            return .invalid(FieldProblem.joined(domain: [], schema: schemaProblems + extra))
        case let http as HTTPError:
            return problem(forHTTPError: http)
        case let failure where DatabaseFailure.isUnavailable(failure):
            logger.warning("operation \(error.operationID) failed, database connection lost: \(String(reflecting: failure))")
            return .databaseConnectionLost
        case let refusal as any HTTPResponseConvertible where refusal.httpStatus == .notAcceptable:
            // The runtime checks Accept while it serialises the answer, after the handler ran;
            // only a read gets here (AcceptMiddleware refuses a command before it runs).
            return .notAcceptable
        case let refusal as any HTTPResponseConvertible where duringDecoding:
            // The runtime's own refusals of a request (missing parameter, wrong content type,
            // undecodable scalar) carry the status they mean; a 4xx is the caller's mistake.
            if let problem = RequestDecodingProblem.problem(forRuntimeRefusal: refusal.httpStatus, "\(error.underlyingError)") {
                return problem
            }
            logger.error("operation \(error.operationID) failed: \(String(reflecting: error.underlyingError))")
            return internalError
        default:
            logger.error("operation \(error.operationID) failed: \(String(reflecting: error.underlyingError))")
            return internalError
        }
    }

    private static func problem(forHTTPError error: HTTPError) -> Problem {
        switch error.status {
        case .notFound:
            return Problem(.notFound, code: "not-found", title: "Not found", detail: "No such resource.")
        case .methodNotAllowed:
            return Problem(.methodNotAllowed, code: "method-not-allowed", title: "Method not allowed", detail: "This resource does not answer that method.")
        case .contentTooLarge:
            return Problem(.contentTooLarge, code: "body-too-large", title: "Request body too large", detail: error.body ?? "The body is too large.")
        default:
            return Problem(error.status, code: "http-\(error.status.code)", title: error.status.reasonPhrase, detail: error.body ?? error.status.reasonPhrase)
        }
    }
}
