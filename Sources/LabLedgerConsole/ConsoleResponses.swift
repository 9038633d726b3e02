import Foundation
import HTTPTypes
import Hummingbird
import LabLedgerAPI

extension Console {
    /// An HTML page with the headers every console page carries: no caching of what a key saw,
    /// no framing, no script or style but our own.
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var response = Response(status: status, body: .init(byteBuffer: ByteBuffer(string: text)))
        response.headers[.contentType] = "text/html; charset=utf-8"
        response.headers[.cacheControl] = "no-store"
        response.headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
        return response
    }

    /// 303 See Other: after a form post the browser fetches the next page with GET.
    static func redirect(_ location: String) -> Response {
        var response = Response(status: .seeOther)
        response.headers[.location] = location
        response.headers[.cacheControl] = "no-store"
        return response
    }

    func render(_ view: Any, _ template: String, status: HTTPResponse.Status = .ok) throws -> Response {
        Self.html(try templates.render(view, template), status: status)
    }

    /// The page for a refusal of the API: 404 for what does not exist or is not visible to the
    /// key (so an asset's existence does not leak here either), 403 for what the key may not do,
    /// the problem's own status otherwise.
    func problemPage(_ error: any Error, session: ConsoleSession?, path: String) -> Response {
        let problem: Problem
        if let given = error as? Problem {
            problem = given
        } else {
            logger.error("console page \(path) failed: \(String(reflecting: error))")
            problem = Problem(.internalServerError, code: "internal", title: "Something went wrong", detail: "The page could not be built; the server's log has the reason.")
        }
        let title = switch problem.status {
        case .notFound: "Not found"
        case .forbidden: "Not allowed"
        default: problem.title
        }
        let frame = session.map { Frame.of($0, title: title, path: path, freshness: .unknown) } ?? .signedOut(title)
        let view = ProblemView(
            frame: frame, status: "\(problem.status.code)", title: title, detail: problem.detail,
            errors: problem.errors.map { ProblemView.FieldError(pointer: $0.pointer, detail: $0.detail) }, hasErrors: !problem.errors.isEmpty)
        do {
            return try render(view, "problem", status: problem.status)
        } catch {
            return Self.html("<!doctype html><title>\(problem.status.code)</title><p>\(problem.status.code)</p>", status: problem.status)
        }
    }
}

struct ProblemView {
    struct FieldError {
        let pointer: String
        let detail: String
    }

    let frame: Frame
    let status: String
    let title: String
    let detail: String
    let errors: [FieldError]
    let hasErrors: Bool
}

extension Freshness {
    /// For an error page, which reads no read model.
    static let unknown = Freshness(checkpoint: "", behind: 0, projections: -1)
}

// HTTPTypes names Content-Security-Policy, X-Content-Type-Options and Content-Disposition
// itself; Referrer-Policy it does not.
extension HTTPField.Name {
    // Proof the unwrap cannot fail: the failable initialiser refuses only names that are not
    // RFC 9110 tokens, and this constant is letters and one hyphen (RenderingTests also checks it).
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    // The same proof: letters and one hyphen (RenderingTests checks it too).
    package static let labLedgerQueries = HTTPField.Name("LabLedger-Queries")!
}
