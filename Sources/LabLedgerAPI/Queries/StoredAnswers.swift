import Foundation
import HTTPTypes
import LabLedgerContract
import NIOCore
import OpenAPIRuntime

/// Serves answers the projections stored as JSON (`ip_asset_views`) by writing their bytes,
/// in front of the generated handlers. An OpenAPI middleware rather than a route of its own:
/// the request has been matched to the operation by the generated router (same path template,
/// same path parameters), has passed the same router middleware (authentication, the database
/// gate, problem+json for every error thrown here), and whatever a stored answer does not cover
/// goes on to the typed handler unchanged, which then answers exactly as it always did.
struct StoredAnswers: ServerMiddleware {
    let handler: APIHandler

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let stored: (HTTPResponse, HTTPBody)?
        switch operationID {
        case Operations.GetIPAsset.id: stored = try await handler.storedIPAsset(request, metadata)
        case Operations.ListIPAssets.id: stored = try await handler.storedIPAssetList(request)
        default: stored = nil
        }
        if let stored { return stored }
        return try await next(request, body, metadata)
    }
}

/// What every stored answer shares.
enum StoredAnswer {
    /// Whether a stored JSON answer may serve `request`: its `Accept` admits JSON (as judged for
    /// commands, `AcceptHeader`; anything else is left to the runtime's own check) and it has
    /// none of `typedOnly` among its query parameters.
    static func servable(_ request: HTTPRequest, unless typedOnly: Set<String>) -> Bool {
        if let accept = request.headerFields[.accept], !AcceptHeader.admitsJSONAnswer(accept) { return false }
        guard let path = request.path, let question = path.utf8.firstIndex(of: UInt8(ascii: "?")) else { return true }
        return !path[path.utf8.index(after: question)...].split(separator: "&").contains { item in
            let name = item.prefix { $0 != "=" }
            return typedOnly.contains(HeaderText.percentDecoded(name) ?? String(name))
        }
    }

    /// The query parameters, when each is given once and plainly (letters, digits, `-`, `_`,
    /// `.`, `~`, `=`): nil for anything the runtime's decoding must judge (percent-encoding, `+`,
    /// a repeated name), which the typed handler then answers.
    static func plainQuery(_ request: HTTPRequest) -> [String: String]? {
        guard let path = request.path, let question = path.utf8.firstIndex(of: UInt8(ascii: "?")) else { return [:] }
        var query: [String: String] = [:]
        for item in path[path.utf8.index(after: question)...].split(separator: "&") {
            let plain = item.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.~=".contains($0)) }
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard plain, parts.count == 2, query[String(parts[0])] == nil else { return nil }
            query[String(parts[0])] = String(parts[1])
        }
        return query
    }

    /// A path parameter as the generated server would hand it to the handler (percent-decoded).
    static func pathParameter(_ name: String, _ metadata: ServerRequestMetadata) -> String? {
        guard let raw = metadata.pathParameters[name] else { return nil }
        return HeaderText.percentDecoded(raw) ?? String(raw)
    }

    /// 200 with `body` as `application/json` (the content type the generated server sets).
    static func ok(_ body: ByteBuffer, eTag: String? = nil) -> (HTTPResponse, HTTPBody) {
        ok(Array(body.readableBytesView), eTag: eTag)
    }

    static func ok(_ body: [UInt8], eTag: String? = nil) -> (HTTPResponse, HTTPBody) {
        var response = HTTPResponse(status: .ok)
        response.headerFields[.contentType] = "application/json; charset=utf-8"
        if let eTag { response.headerFields[.eTag] = eTag }
        return (response, HTTPBody(body))
    }

    /// A page of a list (`{"items": [...], "next": "..."}`, `next` left out on the last page)
    /// from its items, each already JSON (made by the list's query from the stored answers).
    static func page(_ items: [ByteBuffer], next: String?) -> (HTTPResponse, HTTPBody) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(items.reduce(32) { $0 + $1.readableBytes + 1 })
        bytes.append(contentsOf: #"{"items":["#.utf8)
        for (index, item) in items.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: item.readableBytesView)
        }
        bytes.append(UInt8(ascii: "]"))
        // A cursor token is base64url, which needs no escaping in a JSON string.
        if let next { bytes.append(contentsOf: #","next":"\#(next)""#.utf8) }
        bytes.append(UInt8(ascii: "}"))
        return ok(bytes)
    }
}
