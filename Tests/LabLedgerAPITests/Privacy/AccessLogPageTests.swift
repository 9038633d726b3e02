import Foundation
import LabLedgerAPI
import Testing
import TestSupport

/// `GET /v1/admin/people/{personId}/access-log` pages: the runtime decodes any integer, so the
/// contract's bounds on `limit` (1–1000) and `after` (0 or more) are the handler's to check.
@Suite struct AccessLogPageTests {
    @Test(.hangGuard)
    func outOfBoundsPagesAreRefusedNamingEveryBadParameter() async throws {
        try await APITestApp.run("access_log_pages", workers: false, personKEK: true) { app in
            let auditor = try await app.key(.auditor)
            for limit in ["-2110213590621", "0", "1001"] {
                let refused = try await app.get("/v1/admin/people/some-person/access-log?limit=\(limit)", key: auditor)
                #expect(refused.status == .badRequest, "limit=\(limit): \(refused.text)")
                #expect(Self.pointers(refused) == ["#query/limit"], "limit=\(limit)")
            }
            let both = try await app.get("/v1/admin/people/BAD/access-log?limit=-2&after=-1", key: auditor)
            #expect(both.status == .badRequest, "\(both.text)")
            #expect(Self.pointers(both) == ["#path/personId", "#query/after", "#query/limit"])

            for bounds in ["limit=1", "limit=1000", "after=0&limit=10"] {
                let page = try await app.get("/v1/admin/people/some-person/access-log?\(bounds)", key: auditor)
                #expect(page.status == .ok, "\(bounds): \(page.text)")
            }
        }
    }

    static func pointers(_ response: APIResponse) -> [String] {
        ((response.json["errors"] as? [[String: Any]]) ?? []).compactMap { $0["pointer"] as? String }.sorted()
    }
}
