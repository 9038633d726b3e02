import EventStore
import Foundation
import Hummingbird
import LabLedgerAPI
import Logging
import PostgresNIO

/// The web console at `/console` (issue 17): server-rendered pages for the people of a joint
/// lab who are not programmers. It signs a browser in with an API key and then runs every read
/// and command through `InProcessAPI` — the API's own handlers, with their access and
/// visibility checks, command executor and read-model queries — as that key's principal. It
/// holds no rule of its own about who may see or do what.
package struct Console: Sendable {
    let api: InProcessAPI
    let keys: APIKeyStore
    let sessions: ConsoleSessions
    let templates: Templates
    let client: PostgresClient
    let logger: Logger
    /// `LABLEDGER_CONSOLE_SECURE_COOKIES=1`: cookies are `Secure` whatever the request says.
    let forceSecureCookies: Bool
    /// A form body is a few kilobytes; anything larger is refused before it is read.
    static let maxFormBytes = 64 * 1024

    package init(store: PostgresEventStore, keys: APIKeyStore, options: APIOptions, shared: APIShared, logger: Logger) throws {
        api = InProcessAPI(store: store, keys: keys, options: options, shared: shared, logger: logger)
        self.keys = keys
        sessions = ConsoleSessions(client: store.client, idleTimeout: options.consoleIdleTimeout, maxAge: options.consoleMaxSessionAge, logger: logger)
        templates = try Templates.bundled()
        client = store.client
        self.logger = logger
        forceSecureCookies = options.consoleSecureCookies
    }

    /// Whether this response's cookies carry `Secure`: always when forced, else when the proxy
    /// says the browser came over TLS (`X-Forwarded-Proto: https`).
    func secureCookies(_ request: Request) -> Bool {
        forceSecureCookies || SessionCookie.isSecure(request.headers)
    }

    /// Adds the console's routes to the API's router.
    package func mount(on router: Router<BasicRequestContext>) {
        let console = router.group("console")
        router.get("console") { request, _ in try await self.entry(request) }
        console.get("static/console.css") { _, _ in Self.stylesheet() }
        console.get("sign-in") { request, _ in try self.signInPage(request, problem: nil) }
        console.post("sign-in") { request, _ in try await self.signIn(request) }
        console.post("sign-out") { request, _ in try await self.signOut(request) }
        console.get("home") { request, _ in try await self.page(request) { try await self.home($0, $1) } }
        CompanyPages(console: self).register(on: console)
        UniversityPages(console: self).register(on: console)
        OutputStepPages(console: self).register(on: console)
        OperatorPages(console: self).register(on: console)
        AuditorPages(console: self).register(on: console)
    }

    /// `/console`: the home page when signed in, the sign-in page otherwise.
    private func entry(_ request: Request) async throws -> Response {
        let signedIn = try await session(of: request) != nil
        return Self.redirect(signedIn ? "/console/home" : "/console/sign-in")
    }

    /// The stylesheet, read once from the bundled resources.
    private static let css: String = {
        guard let url = Bundle.module.url(forResource: "console", withExtension: "css", subdirectory: "Static"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }()

    private static func stylesheet() -> Response {
        var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: css)))
        response.headers[.contentType] = "text/css; charset=utf-8"
        response.headers[.cacheControl] = "public, max-age=300"
        return response
    }

    /// A fresh request id for the in-process calls, as the API gives one to a request without its own.
    static func requestID() -> String {
        "console-" + String(UInt64.random(in: 0 ... .max), radix: 16)
    }
}
