import Foundation
import HTTPTypes
import Hummingbird
import LabLedgerAPI

/// Signing in and out, and the checks every page and form goes through.
extension Console {
    /// The session the request's cookie names, if it is live.
    func session(of request: Request) async throws -> ConsoleSession? {
        guard let token = SessionCookie.value(SessionCookie.session, in: request.headers), !token.isEmpty else { return nil }
        return try await sessions.resume(token)
    }

    /// A page behind sign-in: without a live session the browser is sent to sign in; what the
    /// API refuses becomes an error page with the API's status. The page says in
    /// `LabLedger-Queries` how many read queries it sent (`QueryCount`), the session check included.
    func page(_ request: Request, _ build: (Request, ConsoleSession) async throws -> Response) async throws -> Response {
        let (built, queries) = try await QueryCount.counting { () async throws -> Response in
            guard let session = try await session(of: request) else { return Self.redirect("/console/sign-in") }
            do {
                return try await build(request, session)
            } catch {
                return problemPage(error, session: session, path: request.uri.path)
            }
        }
        var response = built
        response.headers[.labLedgerQueries] = String(queries)
        return response
    }

    /// A form post behind sign-in: refused with 403 unless it carries the session's CSRF token.
    func form(_ request: Request, _ handle: (FormBody, ConsoleSession) async throws -> Response) async throws -> Response {
        guard let session = try await session(of: request) else { return Self.redirect("/console/sign-in") }
        do {
            let form = try await Self.formBody(request)
            guard SessionSecrets.matches(form["csrf"], session.csrf) else { return csrfRefusal(session: session, path: request.uri.path) }
            return try await handle(form, session)
        } catch {
            return problemPage(error, session: session, path: request.uri.path)
        }
    }

    func csrfRefusal(session: ConsoleSession?, path: String) -> Response {
        problemPage(
            Problem.forbidden("The form did not carry this session's CSRF token: reload the page and send it again."),
            session: session, path: path)
    }

    static func formBody(_ request: Request) async throws -> FormBody {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxFormBytes)
        } catch {
            throw Problem.bodyTooLarge(limit: maxFormBytes)
        }
        return FormBody(String(buffer: buffer))
    }

    // MARK: Sign-in and sign-out

    struct SignInView {
        let frame: Frame
        let csrf: String
        let error: String
        let hasError: Bool
    }

    /// The sign-in form. It has no session to keep a CSRF token in, so it sets one in a cookie
    /// of its own and the post must bring the same value back in the form (double submit).
    func signInPage(_ request: Request, problem: String?) throws -> Response {
        let csrf = SessionSecrets.random()
        let view = SignInView(frame: .signedOut("Sign in"), csrf: csrf, error: problem ?? "", hasError: problem != nil)
        var response = try render(view, "sign-in", status: problem == nil ? .ok : .unauthorized)
        response.headers.append(HTTPField(name: .setCookie, value: SessionCookie.set(SessionCookie.signIn, csrf, secure: secureCookies(request))))
        return response
    }

    func signIn(_ request: Request) async throws -> Response {
        let form: FormBody
        do {
            form = try await Self.formBody(request)
        } catch {
            return problemPage(error, session: nil, path: request.uri.path)
        }
        let expected = SessionCookie.value(SessionCookie.signIn, in: request.headers) ?? ""
        guard SessionSecrets.matches(form["csrf"], expected) else { return csrfRefusal(session: nil, path: request.uri.path) }
        guard let key = form["key"], let principal = try await keys.principal(for: key) else {
            return try signInPage(request, problem: "That is not a current LabLedger API key.")
        }
        // A browser that signs in again (or as another key) leaves no second session alive.
        let started = try await sessions.start(for: principal, replacing: SessionCookie.value(SessionCookie.session, in: request.headers))
        let secure = secureCookies(request)
        var response = Self.redirect("/console/home")
        response.headers.append(HTTPField(name: .setCookie, value: SessionCookie.set(SessionCookie.session, started.token, secure: secure)))
        response.headers.append(HTTPField(name: .setCookie, value: SessionCookie.clear(SessionCookie.signIn, secure: secure)))
        logger.info("console sign-in", metadata: ["actor": .string(principal.actor)])
        return response
    }

    func signOut(_ request: Request) async throws -> Response {
        let signedOut = {
            var response = Self.redirect("/console/sign-in")
            response.headers.append(HTTPField(name: .setCookie, value: SessionCookie.clear(SessionCookie.session, secure: secureCookies(request))))
            return response
        }
        // A session that has already ended (idle, too old, key revoked) has no CSRF token to
        // check: the browser is signed out already, so its stale cookie is cleared and its row
        // (if any is left) deleted; that can sign nobody out who was still signed in.
        guard try await session(of: request) != nil else {
            if let token = SessionCookie.value(SessionCookie.session, in: request.headers) { try await sessions.end(token) }
            return signedOut()
        }
        return try await form(request) { _, _ in
            if let token = SessionCookie.value(SessionCookie.session, in: request.headers) { try await sessions.end(token) }
            return signedOut()
        }
    }

    // MARK: Home

    struct HomeView {
        struct Entry {
            let href: String
            let label: String
        }

        let frame: Frame
        let who: String
        let entries: [Entry]
    }

    func home(_ request: Request, _ session: ConsoleSession) async throws -> Response {
        let freshness = try await Freshness.read(client, logger: logger)
        let entries = Navigation.links(for: session.principal.role).dropFirst().map { HomeView.Entry(href: $0.href, label: $0.label) }
        let frame = Frame.of(session, title: "LabLedger console", path: request.uri.path, freshness: freshness)
        return try render(HomeView(frame: frame, who: frame.who, entries: Array(entries)), "home")
    }
}
