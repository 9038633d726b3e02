import HTTPTypes

/// The console's cookies: the session token, and the sign-in form's CSRF value (a
/// double-submit token, since there is no session yet to keep it in).
enum SessionCookie {
    static let session = "labledger_console"
    static let signIn = "labledger_console_signin"

    /// A `Set-Cookie` value: HttpOnly (no script reads it), SameSite=Strict (no other site's
    /// page sends it), Path=/console (the JSON API never sees it), Secure when the browser
    /// reached us over TLS.
    static func set(_ name: String, _ value: String, secure: Bool) -> String {
        var cookie = "\(name)=\(value); Path=/console; HttpOnly; SameSite=Strict"
        if secure { cookie += "; Secure" }
        return cookie
    }

    /// A `Set-Cookie` value that makes the browser forget the cookie.
    static func clear(_ name: String, secure: Bool) -> String {
        set(name, "", secure: secure) + "; Max-Age=0"
    }

    /// Whether the browser's connection was TLS. LabLedger serves plain HTTP itself; behind a
    /// TLS-terminating proxy (deploy/) it learns the scheme from `X-Forwarded-Proto`.
    static func isSecure(_ headers: HTTPFields) -> Bool {
        guard let proto = headers[.forwardedProto] else { return false }
        return proto.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased() == "https"
    }

    /// The value of cookie `name` in a `Cookie` header, if present.
    static func value(_ name: String, in headers: HTTPFields) -> String? {
        for header in headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                if parts[0].trimmingCharacters(in: .whitespaces) == name {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }
}

// A constant, valid header token, so the failable initialiser cannot fail.
extension HTTPField.Name {
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
}
