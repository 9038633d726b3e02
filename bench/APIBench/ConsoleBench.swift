import BenchSupport
import EventStore
import Foundation
import LabLedgerAPI
import LabLedgerDemo
import LabLedgerReadModels
import Logging
import PostgresNIO
import Subprocess

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Each main console page beside the JSON API GETs it is built on, one request at a time on the
/// demo story: the page with a session cookie (signed in once through `POST /console/sign-in`),
/// the API calls with the same role's key, sent one after another as the page makes them.
/// Also the statements each page sent, as it reports them (`LabLedger-Queries`).
enum ConsoleBench {
    struct Page {
        /// Which demo key reads it: role and party.
        var role: String
        var party: String?
        var path: String
        /// The API GETs the page is built on, in the order it makes them.
        var api: [String]
    }

    static let lab = "tencent-cuhksz-mi-lab"
    static let asset = "tencent-cuhksz-nlp-2019"

    /// The pages the issue names: a company's IP assets and one asset, the lab page, the
    /// outputs list, the auditor's history and timeline, the deadlines.
    static let pages: [Page] = [
        Page(role: "company", party: "tencent", path: "/console/ip-assets", api: ["/v1/ip-assets?party=tencent&limit=25"]),
        Page(
            role: "company", party: "tencent", path: "/console/ip-assets/\(asset)",
            api: [
                "/v1/ip-assets/\(asset)",
                // The demo's two licences of the asset with reports, both Tencent's to see in full.
                "/v1/ip-assets/\(asset)/licences/huawei-nlp-world/royalty-reports?limit=120",
                "/v1/ip-assets/\(asset)/licences/tencent-cv-cn/royalty-reports?limit=120",
            ]),
        Page(
            role: "operator", party: nil, path: "/console/labs/\(lab)",
            api: [
                "/v1/labs/\(lab)", "/v1/labs/\(lab)/agreements?limit=200", "/v1/labs/\(lab)/rounds?limit=100",
                "/v1/labs/\(lab)/funding?limit=1000",
            ]),
        Page(role: "operator", party: nil, path: "/console/labs", api: ["/v1/labs?limit=50"]),
        Page(
            role: "university", party: "cuhk-shenzhen", path: "/console/outputs?lab=\(lab)",
            api: [
                "/v1/deadlines?party=cuhk-shenzhen&limit=200", "/v1/ip-assets?party=cuhk-shenzhen&limit=100",
                "/v1/labs/\(lab)/outputs?limit=100",
            ]),
        Page(role: "university", party: "cuhk-shenzhen", path: "/console/deadlines", api: ["/v1/deadlines?party=cuhk-shenzhen&limit=100"]),
        Page(role: "auditor", party: nil, path: "/console/history?types=LicenceGranted", api: ["/v1/events?types=LicenceGranted&limit=50"]),
        Page(
            role: "auditor", party: nil, path: "/console/streams/ipasset-\(asset)",
            api: ["/v1/streams/ipasset-\(asset)/events?limit=100"]),
    ]

    struct Result {
        var page: Page
        var console = LatencySamples()
        /// Each sample: the page's API GETs one after another, summed.
        var api = LatencySamples()
        /// Statements the page sent, as it said (the same on every request).
        var queries: Set<Int> = []
    }

    /// Loads the demo story through the API's handlers and waits until every read model has
    /// applied its last event; returns the demo's keys, one per role.
    static func loadDemo(store: PostgresEventStore, keys: APIKeyStore, logger: Logger) async throws -> [(role: String, party: String?, key: String)] {
        let report = try await Demo.load(store: store, keys: keys, options: APIOptions(), logger: logger)
        let names = ReadModels.all.map(\.name)
        for _ in 0..<1_200 {
            let rows = try await store.client.query(
                """
                SELECT count(*)::int FROM projections p
                WHERE p.name = ANY(\(names))
                  AND (p.checkpoint_transaction, p.checkpoint_position) >= (
                        SELECT e.transaction_id, e.global_position FROM events e
                        ORDER BY e.transaction_id DESC, e.global_position DESC LIMIT 1)
                """, logger: logger)
            for try await caughtUp in rows.decode(Int.self) where caughtUp == names.count { return report.keys }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw APIBenchError("the read models did not apply the demo story in 5 minutes")
    }

    /// `requests` rounds per page after `warmUp`: the page, then its API calls.
    static func measure(port: Int, keys: [(role: String, party: String?, key: String)], requests: Int, warmUp: Int) async throws -> [Result] {
        var results: [Result] = []
        var cookies: [String: String] = [:]
        for page in pages {
            guard let key = keys.first(where: { $0.role == page.role && $0.party == page.party })?.key else {
                throw APIBenchError("the demo made no \(page.role) key for \(page.party ?? "no party")")
            }
            if cookies[key] == nil { cookies[key] = try await signIn(port: port, key: key) }
            let browser = OneAtATime(port: port, key: key, cookie: "labledger_console=\(cookies[key] ?? "")")
            let client = OneAtATime(port: port, key: key)
            var result = Result(page: page)
            for round in 0..<(warmUp + requests) {
                let answer = try OneAtATime.expectOK(await browser.get(page.path), page.path)
                // A lost session is redirected to the sign-in page, which URLSession follows and
                // which says nothing of queries: only a signed-in page is timed.
                guard let queries = answer.queries else { throw APIBenchError("\(page.path) was not answered as a signed-in page") }
                var api = Duration.zero
                for path in page.api { api += try OneAtATime.expectOK(await client.get(path), path).elapsed }
                guard round >= warmUp else { continue }
                result.console.record(answer.elapsed)
                result.api.record(api)
                result.queries.insert(queries)
            }
            results.append(result)
        }
        return results
    }

    /// Signs in through the form with the CSRF double-submit, as a browser does, and returns the
    /// session cookie's value. curl, because the answer is a redirect whose `Set-Cookie`
    /// URLSession would follow past.
    static func signIn(port: Int, key: String) async throws -> String {
        let base = "http://127.0.0.1:\(port)/console/sign-in"
        let form = try await Subprocess.run(
            .name("curl"), arguments: ["-s", "-i", base], output: .string(limit: 1 << 20), error: .discarded)
        let page = form.standardOutput
        guard let csrf = field(page, after: "labledger_console_signin=", upTo: ";") else {
            throw APIBenchError("the sign-in page set no CSRF cookie: \(page.prefix(400))")
        }
        let posted = try await Subprocess.run(
            .name("curl"),
            arguments: [
                "-s", "-i", "-H", "Cookie: labledger_console_signin=\(csrf)",
                "--data-urlencode", "csrf=\(csrf)", "--data-urlencode", "key=\(key)", base,
            ],
            output: .string(limit: 1 << 20), error: .discarded)
        let answer = posted.standardOutput
        guard let session = field(answer, after: "labledger_console=", upTo: ";"), !session.isEmpty else {
            throw APIBenchError("signing in set no session cookie: \(answer.prefix(400))")
        }
        return session
    }

    private static func field(_ text: String, after marker: String, upTo end: Character) -> String? {
        guard let range = text.range(of: marker) else { return nil }
        return String(text[range.upperBound...].prefix { $0 != end && !$0.isNewline })
    }

    static func cell(_ result: Result, rssOf: String) -> BenchCell {
        let page = result.console.p50p99Ms
        let api = result.api.p50p99Ms
        return BenchCell(
            benchmark: "api", cell: "console page \(result.page.path), one at a time", unit: "req/s",
            subject: "the console page, signed in with a session cookie", labledger: ReadYourWritesBench.rate(result.console),
            baselineName: "its API GETs (\(result.page.api.joined(separator: ", "))) one after another, with the same role's key",
            baseline: ReadYourWritesBench.rate(result.api),
            p50Ms: page.p50, p99Ms: page.p99, baselineP50Ms: api.p50, baselineP99Ms: api.p99, rssOf: rssOf,
            extra: ["requests": Double(result.console.count), "queries": Double(result.queries.max() ?? -1)])
    }

    static func row(_ result: Result) -> String {
        let (page50, page99) = result.console.p50p99Ms
        let (api50, api99) = result.api.p50p99Ms
        let ratio = (page50 ?? 0) > 0 ? (api50 ?? 0) / (page50 ?? 1) : 0
        let queries = result.queries.sorted().map(String.init).joined(separator: "/")
        let calls = result.page.api.map { "`\($0)`" }.joined(separator: " + ")
        return "| `\(result.page.path)` | \(Report.ms(page50 ?? 0)) | \(Report.ms(page99 ?? 0)) | \(queries) | \(calls) | \(Report.ms(api50 ?? 0)) | \(Report.ms(api99 ?? 0)) | \(Report.percent(ratio)) |"
    }

    static func document(_ rows: [String], requests: Int) -> String {
        """

        ## Console pages beside the API calls they are built on (demo story, one request at a time, \(requests) each)

        Each round: the page with a session cookie, then its API GETs one after another with the
        same role's key; p50/p99 of each (the API's summed per round). Queries: the statements the
        page sent, as it reports them in `LabLedger-Queries` (read-model queries, the session
        check, the freshness line; not the event store's reads of the history pages). Ratio: the
        API calls' p50 over the page's.

        | page | p50 | p99 | queries | API calls | API p50 | API p99 | ratio |
        |---|---:|---:|---:|---|---:|---:|---:|
        \(rows.joined(separator: "\n"))

        """
    }
}
