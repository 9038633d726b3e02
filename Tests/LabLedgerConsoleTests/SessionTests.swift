import HTTPTypes
import Testing

@testable import LabLedgerConsole

/// The session's pure parts: its tokens, their comparison, and the cookies that carry them.
@Suite struct SessionTests {
    @Test func sessionTokensAreFreshUnpaddedBase64URLOf256Bits() {
        let tokens = (0..<50).map { _ in SessionSecrets.random() }
        #expect(Set(tokens).count == tokens.count)
        for token in tokens {
            #expect(token.count == 43)
            #expect(token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        }
    }

    @Test func theStoredHashIsSHA256OfTheTokenNotTheToken() {
        let token = SessionSecrets.random()
        #expect(SessionSecrets.hash(token).count == 32)
        #expect(SessionSecrets.hash(token) == SessionSecrets.hash(token))
        #expect(SessionSecrets.hash(token) != SessionSecrets.hash(SessionSecrets.random()))
    }

    @Test func aCSRFTokenMatchesOnlyItselfAndNeverAnEmptyOrMissingOne() {
        let token = SessionSecrets.random()
        #expect(SessionSecrets.matches(token, token))
        #expect(!SessionSecrets.matches(nil, token))
        #expect(!SessionSecrets.matches("", token))
        #expect(!SessionSecrets.matches("", ""))
        #expect(!SessionSecrets.matches(String(token.dropLast()), token))
        #expect(!SessionSecrets.matches(String(token.dropLast()) + "A", token) || token.hasSuffix("A"))
    }

    @Test func theSessionCookieIsHttpOnlyStrictAndScopedToTheConsole() {
        let plain = SessionCookie.set(SessionCookie.session, "abc", secure: false)
        #expect(plain == "labledger_console=abc; Path=/console; HttpOnly; SameSite=Strict")
        #expect(SessionCookie.set(SessionCookie.session, "abc", secure: true).hasSuffix("; Secure"))
        #expect(SessionCookie.clear(SessionCookie.session, secure: false).contains("labledger_console=;"))
        #expect(SessionCookie.clear(SessionCookie.session, secure: false).hasSuffix("Max-Age=0"))
    }

    @Test(arguments: [("https", true), ("HTTPS", true), ("https, http", true), ("http", false), ("http, https", false)])
    func cookiesAreSecureWhenTheProxySaysTheBrowserUsedTLS(proto: String, secure: Bool) throws {
        var headers = HTTPFields()
        headers[try #require(HTTPField.Name("X-Forwarded-Proto"))] = proto
        #expect(SessionCookie.isSecure(headers) == secure)
        #expect(!SessionCookie.isSecure(HTTPFields()))
    }

    @Test func aCookieIsFoundByItsNameAmongOthers() {
        var headers = HTTPFields()
        headers[.cookie] = "theme=dark; labledger_console=tok-en_1; other=x"
        #expect(SessionCookie.value("labledger_console", in: headers) == "tok-en_1")
        #expect(SessionCookie.value("labledger_console_signin", in: headers) == nil)
    }
}
