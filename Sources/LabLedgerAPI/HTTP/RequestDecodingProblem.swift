import Foundation
import HTTPTypes

/// Names the field a request failed to decode at, as a JSON pointer, so a wrong type or an
/// unknown enum value is a 400 saying exactly where.
enum RequestDecodingProblem {
    static func problem(for error: DecodingError) -> Problem {
        switch error {
        case .typeMismatch(let type, let context):
            return .invalid(pointer(context.codingPath), code: "wrong-type", "Expected \(describe(type)). \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            return .invalid(pointer(context.codingPath), code: "missing-value", "Expected \(describe(type)), found null.")
        case .keyNotFound(let key, let context):
            return .invalid(pointer(context.codingPath + [key]), code: "missing-field", "This field is required.")
        case .dataCorrupted(let context):
            if context.underlyingError != nil, context.codingPath.isEmpty {
                return .invalid("", code: "malformed-json", "The body is not valid JSON: \(context.underlyingError.map { "\($0)" } ?? context.debugDescription)")
            }
            return .invalid(pointer(context.codingPath), code: "invalid-value", context.debugDescription)
        @unknown default:
            return .invalid("", code: "invalid-body", "\(error)")
        }
    }

    /// The OpenAPI runtime's refusal of a request (a bad query or header value, a missing
    /// required parameter, a body of another content type), by the status its error carries;
    /// nil for a status that is not the caller's mistake.
    static func problem(forRuntimeRefusal status: HTTPResponse.Status, _ description: String) -> Problem? {
        switch status {
        case .unsupportedMediaType:
            Problem(.unsupportedMediaType, code: "unsupported-media-type", title: "Unsupported media type",
                    detail: "Send the body as application/json.")
        case .badRequest:
            .invalid("", code: "invalid-parameter", description)
        default:
            nil
        }
    }

    static func pointer(_ path: [any CodingKey]) -> String {
        path.map { key in
            if let index = key.intValue { return "/\(index)" }
            return "/" + key.stringValue.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        }.joined()
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Bool.Type: "a boolean"
        case is Double.Type: "a number"
        default: "a value of type \(type)"
        }
    }
}
