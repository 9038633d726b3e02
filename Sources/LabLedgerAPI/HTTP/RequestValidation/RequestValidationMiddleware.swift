import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Checks a JSON request body against its operation's schema in `openapi.yaml` before the
/// generated decoder reads it, finding every bad field: unknown fields, values outside an enum
/// (with the allowed values), wrong types, missing fields, lengths, patterns and dates. What it
/// finds goes into the request scope rather than straight into a 400, so that the handler's
/// domain checks of the other fields join it in one answer, after the key's role was judged
/// (a 403 still comes first); see `RequestScope.schemaProblems`. A body that is not JSON at all
/// is left to the decoder, which answers `malformed-json`.
struct RequestValidationMiddleware: ServerMiddleware {
    let schemas: ContractRequestSchemas
    let maxBodyBytes: Int

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard let body, schemas.operations[operationID] != nil, Self.decoderReadsJSON(request.headerFields[.contentType])
        else { return try await next(request, body, metadata) }
        // The scope middleware has already refused a body over the limit and collected it, so
        // this reads bytes in memory.
        let bytes = try await Data(collecting: body, upTo: maxBodyBytes)
        if let value = JSONValue.decode(bytes) {
            let problems = schemas.problems(operation: operationID, body: value)
            if !problems.isEmpty { RequestScope.current.schemaProblems.record(problems) }
        }
        return try await next(request, HTTPBody(bytes), metadata)
    }

    /// Whether the generated server will read the body as JSON: it does for a JSON media type,
    /// and also when `Content-Type` is missing, a wildcard or unparseable (it then assumes the
    /// operation's only content type); only a concrete other type is refused (415) unread.
    static func decoderReadsJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return true }
        let mediaType = contentType.split(separator: ";").first.map(HeaderText.trimmed)?.lowercased() ?? ""
        let parts = mediaType.split(separator: "/")
        guard parts.count == 2, !parts.contains("*") else { return true }
        return mediaType == "application/json" || mediaType.hasSuffix("+json")
    }
}
