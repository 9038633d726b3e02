import Foundation
import HTTPTypes
import LabLedgerAPI
import TestSupport
import Testing

/// The console's sign-in, session cookie, CSRF checks, sign-out and idle expiry, through the
/// application's real router and database.
@Suite struct ConsoleSessionHTTPTests {
    @Test func signingInSetsAStrictHttpOnlySessionCookieAndOpensTheHomePage() async throws {
        try await APITestApp.run("console_sign_in", workers: false) { app in
            let key = try await app.key(.company, party: "tencent")
            let browser = ConsoleBrowser(app)
            #expect(try await browser.get("/console/home").headers[.location] == "/console/sign-in")
            let signedIn = try await browser.signIn(key)
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/console/home")
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("labledger_console=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Path=/console"))
            #expect(!cookie.contains("Secure"))
            let home = try await browser.get("/console/home")
            #expect(home.status == .ok)
            #expect(home.text.contains("company key for tencent"))
            #expect(home.headers[.cacheControl] == "no-store")
            #expect(home.headers[try #require(HTTPField.Name("Content-Security-Policy"))]?.contains("default-src 'none'") == true)
        }
    }

    @Test func behindATLSProxyTheCookiesAreSecure() async throws {
        try await APITestApp.run("console_secure", workers: false) { app in
            let browser = ConsoleBrowser(app)
            await browser.behindTLSProxy()
            let signedIn = try await browser.signIn(try await app.key(.auditor))
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("labledger_console=") })
            #expect(cookie.hasSuffix("; Secure"))
        }
    }

    @Test func theSecureCookiesSettingMarksCookiesSecureWithoutTheProxysHeader() async throws {
        var options = APIOptions()
        options.consoleSecureCookies = true
        try await APITestApp.run("console_force_secure", workers: false, options: options) { app in
            let browser = ConsoleBrowser(app)
            let form = try await browser.get("/console/sign-in")
            let formCookies = form.headers[values: .setCookie]
            #expect(!formCookies.isEmpty)
            #expect(formCookies.allSatisfy { $0.hasSuffix("; Secure") })
            let signedIn = try await browser.signIn(try await app.key(.auditor))
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("labledger_console=") })
            #expect(cookie.hasSuffix("; Secure"))
        }
    }

    @Test func withoutTheSettingOrTheHeaderCookiesAreNotSecure() async throws {
        try await APITestApp.run("console_plain", workers: false) { app in
            let signedIn = try await ConsoleBrowser(app).signIn(try await app.key(.auditor))
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("labledger_console=") })
            #expect(!cookie.contains("Secure"))
        }
    }

    @Test func anUnknownKeyIsRefusedOnTheSignInPage() async throws {
        try await APITestApp.run("console_bad_key", workers: false) { app in
            let browser = ConsoleBrowser(app)
            let answer = try await browser.signIn("llk_nope_nope")
            #expect(answer.status == .unauthorized)
            #expect(answer.text.contains("That is not a current LabLedger API key."))
            #expect(await browser.cookie("labledger_console") == nil)
        }
    }

    @Test func postsWithoutTheCSRFTokenAreRefusedWith403() async throws {
        try await APITestApp.run("console_csrf", workers: false) { app in
            let key = try await app.key(.university, party: "cuhk-shenzhen")
            let browser = ConsoleBrowser(app)
            _ = try await browser.get("/console/sign-in")
            // The sign-in form's own token: missing, or not the one its cookie holds.
            #expect(try await browser.post("/console/sign-in", form: [("key", key)]).status == .forbidden)
            #expect(try await browser.post("/console/sign-in", form: [("csrf", "forged"), ("key", key)]).status == .forbidden)
            try await browser.signIn(key)
            let refused = try await browser.post("/console/outputs/new", form: [("lab", "l"), ("output", "o")])
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("CSRF"))
            #expect(try await browser.post("/console/sign-out", form: [("csrf", "forged")]).status == .forbidden)
            // Still signed in: the refused sign-out ended nothing.
            #expect(try await browser.get("/console/home").status == .ok)
        }
    }

    @Test func signingOutEndsTheSessionForGood() async throws {
        try await APITestApp.run("console_sign_out", workers: false) { app in
            let browser = ConsoleBrowser(app)
            try await browser.signIn(try await app.key(.operator))
            let token = try #require(await browser.cookie("labledger_console"))
            let home = try await browser.get("/console/home")
            let out = try await browser.post("/console/sign-out", form: [("csrf", ConsoleBrowser.csrf(in: home) ?? "")])
            #expect(out.status == .seeOther)
            #expect(out.headers[.location] == "/console/sign-in")
            #expect(await browser.cookie("labledger_console") == nil)
            // The old token no longer opens anything, even if a copy of the cookie is replayed.
            let replayed = try await app.client.execute(
                uri: "/console/home", method: .get, headers: [.cookie: "labledger_console=\(token)"], body: nil
            ) { $0.status }
            #expect(replayed == .seeOther)
        }
    }

    @Test func anIdleSessionExpires() async throws {
        var options = APIOptions()
        options.consoleIdleTimeout = .seconds(600)
        try await APITestApp.run("console_idle", workers: false, options: options) { app in
            let browser = ConsoleBrowser(app)
            try await browser.signIn(try await app.key(.auditor))
            #expect(try await browser.get("/console/home").status == .ok)
            // The session's clock moved back in the table rather than waited out.
            func idle(seconds: Int) async throws {
                try await app.database.withConnection(as: app.database.provisioned.superuser) {
                    try await $0.query(
                        "UPDATE console_sessions SET last_seen_at = now() - make_interval(secs => \(seconds))", logger: TestCluster.logger)
                }
            }
            try await idle(seconds: 590)
            #expect(try await browser.get("/console/home").status == .ok)
            try await idle(seconds: 610)
            let expired = try await browser.get("/console/home")
            #expect(expired.status == .seeOther)
            #expect(expired.headers[.location] == "/console/sign-in")
        }
    }

    @Test func pageViewsRestartTheIdleClockAtMostOncePerTouchInterval() async throws {
        var options = APIOptions()
        options.consoleIdleTimeout = .seconds(600)
        try await APITestApp.run("console_touch", workers: false, options: options) { app in
            let browser = ConsoleBrowser(app)
            try await browser.signIn(try await app.key(.auditor))
            func seenSecondsAgo(set seconds: Int? = nil) async throws -> Double {
                try await app.database.withConnection(as: app.database.provisioned.superuser) { connection in
                    if let seconds {
                        try await connection.query(
                            "UPDATE console_sessions SET last_seen_at = now() - make_interval(secs => \(seconds))", logger: TestCluster.logger)
                    }
                    let rows = try await connection.query(
                        "SELECT extract(epoch FROM now() - last_seen_at)::float8 FROM console_sessions", logger: TestCluster.logger)
                    var ages: [Double] = []
                    for try await age in rows.decode(Double.self) { ages.append(age) }
                    #expect(ages.count == 1)
                    return ages.first ?? -1
                }
            }
            // A 600 s idle timeout touches at most once a minute: a view 30 s after the last
            // touch leaves the clock where it was, one 90 s after restarts it.
            _ = try await seenSecondsAgo(set: 30)
            #expect(try await browser.get("/console/home").status == .ok)
            #expect(try await seenSecondsAgo() >= 29)
            _ = try await seenSecondsAgo(set: 90)
            #expect(try await browser.get("/console/home").status == .ok)
            #expect(try await seenSecondsAgo() < 10)
        }
    }

    @Test func revokingTheKeyEndsItsSessions() async throws {
        try await APITestApp.run("console_revoked", workers: false) { app in
            let made = try await app.keys.create(role: .auditor, party: nil, label: "test")
            let browser = ConsoleBrowser(app)
            try await browser.signIn(made.key.text)
            #expect(try await browser.get("/console/home").status == .ok)
            #expect(try await app.keys.revoke(keyID: made.principal.keyID))
            #expect(try await browser.get("/console/home").status == .seeOther)
        }
    }

    @Test func theConsoleRootLeadsToSignInThenToTheHomePage() async throws {
        try await APITestApp.run("console_root", workers: false) { app in
            let browser = ConsoleBrowser(app)
            #expect(try await browser.get("/console").headers[.location] == "/console/sign-in")
            try await browser.signIn(try await app.key(.admin))
            #expect(try await browser.get("/console").headers[.location] == "/console/home")
            // The API's own paths still want a bearer key: the session cookie is not one.
            #expect(try await browser.get("/v1/events").status == .unauthorized)
        }
    }

    @Test func anOversizedFormIsRefusedWith413BeforeItIsRead() async throws {
        try await APITestApp.run("console_oversized", workers: false) { app in
            let browser = ConsoleBrowser(app)
            let big = String(repeating: "x", count: 70_000)
            #expect(try await browser.post("/console/sign-in", form: [("key", big)]).status == .contentTooLarge)
            try await browser.signIn(try await app.key(.university, party: "cuhk-shenzhen"))
            let refused = try await browser.post("/console/outputs/new", form: [("title", big)])
            #expect(refused.status == .contentTooLarge)
            #expect(refused.text.contains("university key for cuhk-shenzhen"))
        }
    }

    @Test func theStylesheetIsServedFromTheBinaryWithoutSignIn() async throws {
        try await APITestApp.run("console_css", workers: false) { app in
            let css = try await ConsoleBrowser(app).get("/console/static/console.css")
            #expect(css.status == .ok)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.text.contains("--ink"))
        }
    }

    /// A signed-in session cookie is not an API credential, whatever path spelling reaches past
    /// `/console`: none of these answers 200 or lists events.
    @Test func consolePathSpellingsDoNotReachTheAPIWithASessionCookie() async throws {
        try await APITestApp.run("console_bypass", workers: false) { app in
            let browser = ConsoleBrowser(app)
            try await browser.signIn(try await app.key(.admin))
            #expect(try await browser.get("/console/home").status == .ok)
            for path in ["/console/../v1/events", "/console//v1/events", "/consoleX", "/console%2f..%2fv1/events", "/console/%2e%2e/v1/events"] {
                let answer = try await browser.get(path)
                #expect(answer.status != .ok, "\(path)")
                #expect(!answer.text.contains("\"items\""), "\(path)")
            }
        }
    }

    /// The table keeps sha256(token), never the token: a copy of the database opens no session.
    @Test func theSessionsTableStoresTheTokensHashNotTheToken() async throws {
        try await APITestApp.run("console_token_hash", workers: false) { app in
            let browser = ConsoleBrowser(app)
            try await browser.signIn(try await app.key(.auditor))
            let token = try #require(await browser.cookie("labledger_console"))
            let (hashed, raw, rows) = try await app.database.withConnection(as: app.database.provisioned.superuser) { connection in
                let result = try await connection.query(
                    """
                    SELECT count(*) FILTER (WHERE token_hash = sha256(convert_to(\(token), 'UTF8'))),
                           count(*) FILTER (WHERE s::text LIKE '%' || \(token) || '%'
                                             OR position(convert_to(\(token), 'UTF8') IN token_hash) > 0),
                           count(*)
                    FROM console_sessions s
                    """, logger: TestCluster.logger)
                for try await row in result.decode((Int, Int, Int).self) { return row }
                return (0, 0, 0)
            }
            #expect(rows == 1)
            #expect(hashed == 1)
            #expect(raw == 0)
        }
    }

    private static func sessionRows(_ app: APITestApp) async throws -> Int {
        try await app.database.withConnection(as: app.database.provisioned.superuser) { connection in
            for try await count in try await connection.query("SELECT count(*) FROM console_sessions", logger: TestCluster.logger).decode(Int.self) {
                return count
            }
            return -1
        }
    }

    @Test func signingInAgainEndsTheBrowsersOldSession() async throws {
        try await APITestApp.run("console_resign", workers: false) { app in
            let browser = ConsoleBrowser(app)
            try await browser.signIn(try await app.key(.auditor))
            let first = try #require(await browser.cookie("labledger_console"))
            try await browser.signIn(try await app.key(.operator))
            let second = try #require(await browser.cookie("labledger_console"))
            #expect(first != second)
            #expect(try await Self.sessionRows(app) == 1)
            let replayed = try await app.client.execute(
                uri: "/console/home", method: .get, headers: [.cookie: "labledger_console=\(first)"], body: nil
            ) { $0.status }
            #expect(replayed == .seeOther)
            #expect(try await browser.get("/console/home").status == .ok)
        }
    }

    @Test func signingOutOfAnEndedSessionClearsTheCookie() async throws {
        try await APITestApp.run("console_stale_sign_out", workers: false) { app in
            let browser = ConsoleBrowser(app)
            try await browser.signIn(try await app.key(.auditor))
            let home = try await browser.get("/console/home")
            try await app.database.withConnection(as: app.database.provisioned.superuser) {
                try await $0.query("UPDATE console_sessions SET last_seen_at = now() - interval '1 day'", logger: TestCluster.logger)
            }
            let out = try await browser.post("/console/sign-out", form: [("csrf", ConsoleBrowser.csrf(in: home) ?? "")])
            #expect(out.status == .seeOther)
            #expect(out.headers[.location] == "/console/sign-in")
            #expect(out.headers[values: .setCookie].contains { $0.hasPrefix("labledger_console=;") && $0.contains("Max-Age=0") })
            #expect(await browser.cookie("labledger_console") == nil)
            #expect(try await Self.sessionRows(app) == 0)
        }
    }

    @Test func aBusySessionEndsAtItsMaximumAge() async throws {
        var options = APIOptions()
        options.consoleMaxSessionAge = .seconds(3600)
        try await APITestApp.run("console_max_age", workers: false, options: options) { app in
            let browser = ConsoleBrowser(app)
            try await browser.signIn(try await app.key(.auditor))
            func signedInAgo(seconds: Int) async throws {
                try await app.database.withConnection(as: app.database.provisioned.superuser) {
                    try await $0.query(
                        "UPDATE console_sessions SET created_at = now() - make_interval(secs => \(seconds)), last_seen_at = now()",
                        logger: TestCluster.logger)
                }
            }
            try await signedInAgo(seconds: 3500)
            #expect(try await browser.get("/console/home").status == .ok)
            try await signedInAgo(seconds: 3700)
            let ended = try await browser.get("/console/home")
            #expect(ended.status == .seeOther)
            #expect(ended.headers[.location] == "/console/sign-in")
        }
    }
}
