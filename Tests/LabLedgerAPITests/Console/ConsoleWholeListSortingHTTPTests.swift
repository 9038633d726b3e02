import Foundation
import HTTPTypes
import Testing

/// The IP assets and labs tables sort the whole list through the API: a header link asks the
/// API for its order, "next page" goes on in that order, and the page sends as many queries
/// sorted as unsorted.
@Suite struct ConsoleWholeListSortingHTTPTests {
    /// The assets of the asset table's rows, in order.
    static func rows(_ page: APIResponse) -> [String] {
        ConsoleRoyaltiesAndSortingHTTPTests.cells(page.text, between: "<tr><td><a href=\"#asset-", and: "\"")
    }

    static func nextLink(_ page: APIResponse) -> String? {
        ConsoleRoyaltiesAndSortingHTTPTests.cells(page.text, between: "<p><a href=\"", and: "\">Next page</a>").first
            .map { $0.replacingOccurrences(of: "&amp;", with: "&") }
    }

    @Test func clickingTheTitleHeaderSortsEveryAssetAcrossPagesAsTheAPIDoes() async throws {
        try await APITestApp.run("console_whole_sort") { app in
            let (_, tencentAssets, _) = try await SortedListTests.manyAssets(app)
            let tencent = try await app.key(.company, party: "tencent")
            let browser = ConsoleBrowser(app)
            try await browser.signIn(tencent)

            let plain = try await browser.get("/console/ip-assets")
            #expect(plain.status == .ok)
            let titleLink = #"<th scope="col"><a href="/console/ip-assets?sort=title&amp;dir=asc" class="sort">Title<span class="visually-hidden">, sort by title, ascending</span></a></th>"#
            #expect(plain.text.contains(titleLink))
            let unsortedQueries = try ConsoleQueryCountHTTPTests.count(plain)

            // Following the header link twice: ascending, then descending.
            let ascending = try await browser.get("/console/ip-assets?sort=title&dir=asc")
            #expect(ascending.text.contains(
                #"<th scope="col" aria-sort="ascending"><a href="/console/ip-assets?sort=title&amp;dir=desc" class="sort">Title<span class="visually-hidden">, sort by title, descending</span></a></th>"#))
            var seen: [String] = []
            var page = try await browser.get("/console/ip-assets?sort=title&dir=desc")
            #expect(page.text.contains(#"<th scope="col" aria-sort="descending"><a href="/console/ip-assets?sort=title&amp;dir=asc""#))
            #expect(try ConsoleQueryCountHTTPTests.count(page) == unsortedQueries)
            var pages = 1
            while true {
                #expect(page.status == .ok, "\(page.text.prefix(300))")
                seen += Self.rows(page)
                guard let next = Self.nextLink(page), pages < 10 else { break }
                #expect(next.hasPrefix("/console/ip-assets?after=") && next.hasSuffix("&sort=title&dir=desc"), "\(next)")
                page = try await browser.get(next)
                pages += 1
                // A later page's headers start their order afresh: they carry no cursor.
                #expect(page.text.contains(titleLink.replacingOccurrences(of: "<th scope=\"col\">", with: "<th scope=\"col\" aria-sort=\"descending\">")))
                let headers = Self.headerLinks(page)
                #expect(headers.count == 6 && headers.allSatisfy { !$0.contains("after=") }, "\(headers)")
                #expect(try ConsoleQueryCountHTTPTests.count(page) == unsortedQueries)
            }
            #expect(pages == 3)
            // Every asset once, in the API's order of the whole list, not page by page.
            let api = SortedListTests.ids(try await SortedListTests.everyPage(app, "/v1/ip-assets?sort=title&order=desc", key: tencent, limit: 1000), "asset")
            #expect(seen == api)
            #expect(seen.count == tencentAssets.count && Set(seen) == Set(tencentAssets))
            let titles = try await SortedListTests.everyPage(app, "/v1/ip-assets?", key: tencent, limit: 1000)
            #expect(seen == SortedListTests.expected(titles, id: "asset", descending: true, value: SortedListTests.text("title")))
        }
    }

    @Test func sortedPagesSendAsManyQueriesAsUnsortedOnesOnTheDemo() async throws {
        try await APITestApp.run("console_whole_sort_queries") { app in
            let demo = try await ConsoleDemo.load(app)
            let browser = ConsoleBrowser(app)
            for (key, path, sorts) in [
                (try demo.key("company", "tencent"), "/console/ip-assets", ["title", "disclosed", "licences"]),
                (try demo.key("operator"), "/console/labs", ["name", "founded", "members"]),
            ] {
                try await browser.signIn(key)
                let plain = try ConsoleQueryCountHTTPTests.count(try await browser.get(path))
                for sort in sorts {
                    for dir in ["asc", "desc"] {
                        let page = try await browser.get("\(path)?sort=\(sort)&dir=\(dir)")
                        #expect(page.status == .ok, "\(path) \(sort) \(dir): \(page.text.prefix(300))")
                        #expect(try ConsoleQueryCountHTTPTests.count(page) == plain, "\(path) \(sort) \(dir)")
                    }
                }
            }
        }
    }

    /// The `href`s of a page's sort header links.
    static func headerLinks(_ page: APIResponse) -> [String] {
        page.text.components(separatedBy: "<a href=\"").dropFirst().filter { $0.contains("\" class=\"sort\">") }
            .compactMap { $0.components(separatedBy: "\"").first }
    }
}
