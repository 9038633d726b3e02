import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Requests sent one after the other (a client that waits for each answer), timed one by one:
/// for the figures wrk cannot give, a query that carries the previous command's answer.
struct OneAtATime {
    let base: String
    let key: String
    /// A console session's `Cookie` header: sent instead of the key.
    let cookie: String?
    let session: URLSession

    init(port: Int, key: String, cookie: String? = nil) {
        base = "http://127.0.0.1:\(port)"
        self.key = key
        self.cookie = cookie
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 1
        // The console's cookie is set by hand; nothing the server sets is kept.
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        session = URLSession(configuration: configuration)
    }

    struct Answer {
        var status: Int
        var position: String?
        var body: Data
        var elapsed: Duration
        /// A console page's `LabLedger-Queries`: the statements it sent.
        var queries: Int?
    }

    func post(_ path: String, json: String) async throws -> Answer {
        try await send(path, method: "POST", body: Data(json.utf8), headers: ["Content-Type": "application/json"])
    }

    func get(_ path: String, position: String? = nil) async throws -> Answer {
        try await send(path, method: "GET", body: nil, headers: position.map { ["LabLedger-Position": $0] } ?? [:])
    }

    private func send(_ path: String, method: String, body: Data?, headers: [String: String]) async throws -> Answer {
        guard let url = URL(string: base + path) else { throw APIBenchError("not a URL: \(base + path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        if let cookie {
            request.setValue(cookie, forHTTPHeaderField: "Cookie")
        } else {
            request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let clock = ContinuousClock()
        let started = clock.now
        let (data, response) = try await session.data(for: request)
        let elapsed = started.duration(to: clock.now)
        guard let http = response as? HTTPURLResponse else { throw APIBenchError("no HTTP answer from \(path)") }
        return Answer(
            status: http.statusCode, position: http.value(forHTTPHeaderField: "LabLedger-Position"), body: data, elapsed: elapsed,
            queries: http.value(forHTTPHeaderField: "LabLedger-Queries").flatMap { Int($0) })
    }

    /// The answer, or an error naming what was refused: these benchmarks expect every request to succeed.
    static func expectOK(_ answer: Answer, _ what: String) throws -> Answer {
        guard (200..<300).contains(answer.status) else {
            throw APIBenchError("\(what) answered \(answer.status): \(String(decoding: answer.body, as: UTF8.self))")
        }
        return answer
    }
}
