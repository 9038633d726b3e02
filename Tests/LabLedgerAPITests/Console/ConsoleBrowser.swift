import Foundation
import HTTPTypes
import LabLedgerAPI
import LabLedgerDemo
import NIOCore
import TestSupport

/// A browser for the console's HTTP tests: keeps the cookies the console sets, sends them back,
/// and reads the CSRF token out of the page it last loaded.
actor ConsoleBrowser {
    let app: APITestApp
    var cookies: [String: String] = [:]
    var forwardedProto: String?

    init(_ app: APITestApp) { self.app = app }

    func behindTLSProxy() { forwardedProto = "https" }
    func cookie(_ name: String) -> String? { cookies[name] }

    func get(_ path: String) async throws -> APIResponse {
        try await send(.get, path, form: nil)
    }

    func post(_ path: String, form: [(String, String)]) async throws -> APIResponse {
        try await send(.post, path, form: form)
    }

    func send(_ method: HTTPRequest.Method, _ path: String, form: [(String, String)]?) async throws -> APIResponse {
        var headers = HTTPFields()
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        if let forwardedProto, let name = HTTPField.Name("X-Forwarded-Proto") { headers[name] = forwardedProto }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
            body = ByteBuffer(string: form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&"))
        }
        let response = try await app.client.execute(uri: path, method: method, headers: headers, body: body) { response in
            APIResponse(status: response.status, headers: response.headers, body: Data(buffer: response.body))
        }
        for setCookie in response.headers[values: .setCookie] {
            let pair = setCookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            if setCookie.contains("Max-Age=0") { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = String(pair[1]) }
        }
        return response
    }

    /// The CSRF token of a page's first form.
    static func csrf(in page: APIResponse) -> String? {
        guard let range = page.text.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(page.text[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Signs in with `key` through the sign-in form; returns the sign-in post's answer.
    @discardableResult
    func signIn(_ key: String) async throws -> APIResponse {
        let form = try await get("/console/sign-in")
        return try await post("/console/sign-in", form: [("csrf", Self.csrf(in: form) ?? ""), ("key", key)])
    }
}

/// The demo loaded into a test app, its read models caught up, and a key per role.
struct ConsoleDemo: Sendable {
    let report: Demo.Report

    static func load(_ app: APITestApp) async throws -> ConsoleDemo {
        let report = try await Demo.load(store: app.store, keys: app.keys, options: APIOptions(), logger: TestCluster.logger)
        try await app.waitForEveryEventWritten()
        return ConsoleDemo(report: report)
    }

    func key(_ role: String, _ party: String? = nil) throws -> String {
        guard let key = report.keys.first(where: { $0.role == role && $0.party == party })?.key else {
            throw APITestError("the demo made no \(role) key for \(party ?? "no party")")
        }
        return key
    }
}

extension APITestApp {
    /// Waits until every read model has applied the last event written so far.
    func waitForEveryEventWritten() async throws {
        let last = try await database.withConnection(as: database.provisioned.superuser) { connection in
            let rows = try await connection.query(
                "SELECT transaction_id::text || '.' || global_position FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1",
                logger: TestCluster.logger)
            for try await text in rows.decode(String.self) { return text }
            return ""
        }
        try await waitForReadModels(last)
    }
}
