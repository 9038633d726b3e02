import Foundation
import HTTPTypes
import Testing

/// The asset page's chart of royalties per licence over time, and the console's sortable,
/// paged tables, on the demo story through the application's router.
@Suite struct ConsoleRoyaltiesAndSortingHTTPTests {
    @Test func anOwnersAssetPageChartsEachLicencesRoyaltiesPerPeriodWithTheFiguresInATable() async throws {
        try await APITestApp.run("console_royalties") { app in
            let demo = try await ConsoleDemo.load(app)
            let browser = ConsoleBrowser(app)
            try await browser.signIn(try demo.key("company", "tencent"))
            let page = try await browser.get("/console/ip-assets/tencent-cuhksz-nlp-2019")
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains(#"<svg role="img" aria-labelledby="royalties-cny-title" aria-describedby="royalties-cny-desc""#))
            // Drawn at its own size in a focusable container that scrolls, never shrunk to fit.
            #expect(html.contains(#"<div class="chart-scroll" tabindex="0" role="group" aria-label="Royalty chart in CNY, scrolls sideways">"#))
            // Huawei's three licence years and Tencent's two, each a bar with its own title.
            for (licence, period, due) in [
                ("huawei-nlp-world", "2020-07-01 to 2021-07-01", "240,000"), ("huawei-nlp-world", "2021-07-01 to 2022-07-01", "285,000"),
                ("huawei-nlp-world", "2022-07-01 to 2023-07-01", "330,000"), ("tencent-cv-cn", "2020-01-01 to 2021-01-01", "100,000"),
                ("tencent-cv-cn", "2021-01-01 to 2022-01-01", "130,000"),
            ] {
                #expect(html.contains("<title>\(licence), \(period): \(due)</title>"), "\(licence) \(period)")
            }
            #expect(html.contains("<caption>Royalty reports per licence and period</caption>"))
            #expect(html.contains(
                "<td><code>huawei-nlp-world</code></td><td>2021-07-01 – 2022-07-01</td><td>2022-07-14</td><td>CNY</td><td class=\"num\">9500000.00 CNY</td><td class=\"num\">285000.00</td><td class=\"num\">200000.00</td><td class=\"num\">85000.00</td>"))
        }
    }

    @Test func aKeyThatSeesOnlyALicencesScopeGetsNoChartOfItsRoyalties() async throws {
        try await APITestApp.run("console_royalties_scope") { app in
            _ = try await ConsoleDemo.load(app)
            // Huawei is licensee of its own licence only: it sees Tencent's exclusive one as a scope.
            let huawei = try await app.key(.company, party: "huawei")
            let browser = ConsoleBrowser(app)
            try await browser.signIn(huawei)
            let page = try await browser.get("/console/ip-assets/tencent-cuhksz-nlp-2019")
            #expect(page.status == .ok, "\(page.text.prefix(400))")
            #expect(page.text.contains("<title>huawei-nlp-world, 2021-07-01 to 2022-07-01: 285,000</title>"))
            #expect(!page.text.contains("tencent-cv-cn, 2020-01-01"))
            #expect(!page.text.contains("130000.00") && !page.text.contains("130,000"))
        }
    }

    @Test func headerLinksSortTheLabsAndTheHistoryAndKeepTheFilters() async throws {
        try await APITestApp.run("console_sorting") { app in
            let demo = try await ConsoleDemo.load(app)
            let browser = ConsoleBrowser(app)
            try await browser.signIn(try demo.key("operator"))
            let plain = try await browser.get("/console/labs")
            #expect(plain.text.contains(
                #"<th scope="col"><a href="/console/labs?sort=founded&amp;dir=asc" class="sort">Founded<span class="visually-hidden">, sort by founded, ascending</span></a></th>"#))
            #expect(!plain.text.contains("aria-sort"))
            // Founded 2018-05-21, 2018-06-12, 2018-06-15: not the API's order (by id), so sorting shows.
            let byFounded = ["hkai-lab", "tencent-cuhksz-mi-lab", "jd-cuhksz-ai-lab"]
            #expect(Self.order(of: byFounded, in: plain.text) != byFounded)
            let ascending = try await browser.get("/console/labs?sort=founded&dir=asc")
            #expect(ascending.text.contains(
                #"<th scope="col" aria-sort="ascending"><a href="/console/labs?sort=founded&amp;dir=desc" class="sort">Founded<span class="visually-hidden">, sort by founded, descending</span></a></th>"#))
            #expect(Self.order(of: byFounded, in: ascending.text) == byFounded)
            let descending = try await browser.get("/console/labs?sort=founded&dir=desc")
            #expect(Self.order(of: byFounded, in: descending.text) == byFounded.reversed())
            #expect(descending.text.contains(#"aria-sort="descending""#))

            try await browser.signIn(try demo.key("auditor"))
            let history = try await browser.get("/console/history?category=ipasset&sort=type&dir=desc")
            #expect(history.status == .ok)
            let types = Self.cells(history.text, between: "<td><strong>", and: "</strong>")
            #expect(types.count > 2)
            #expect(types == types.sorted { $0.lowercased() > $1.lowercased() })
            #expect(history.text.contains(#"href="/console/history?category=ipasset&amp;sort=type&amp;dir=asc""#))
            // The whole history is longer than a page: the next page carries the API's cursor and the sort.
            let first = try await browser.get("/console/history?sort=type&dir=desc")
            let next = try #require(Self.cells(first.text, between: "<p><a href=\"", and: "\">Next page</a>").first, "no next page")
            #expect(next.hasPrefix("/console/history?after="))
            #expect(next.hasSuffix("&amp;sort=type&amp;dir=desc"))
            let second = try await browser.get(next.replacingOccurrences(of: "&amp;", with: "&"))
            #expect(second.status == .ok)
            let secondTypes = Self.cells(second.text, between: "<td><strong>", and: "</strong>")
            #expect(!secondTypes.isEmpty && secondTypes == secondTypes.sorted { $0.lowercased() > $1.lowercased() })
        }
    }

    @Test func anUnknownSortColumnOrDirectionIsA400NamingEachBadParameter() async throws {
        try await APITestApp.run("console_sorting_bad") { app in
            let demo = try await ConsoleDemo.load(app)
            let browser = ConsoleBrowser(app)
            try await browser.signIn(try demo.key("operator"))
            let both = try await browser.get("/console/labs?sort=password&dir=sideways")
            #expect(both.status == .badRequest)
            #expect(both.text.contains("<code>#query/sort</code>: `password` is not a column of this table"))
            #expect(both.text.contains("<code>#query/dir</code>: `sideways` is not a direction; use asc or desc."))
            let direction = try await browser.get("/console/labs?sort=founded&dir=sideways")
            #expect(direction.status == .badRequest)
            #expect(direction.text.contains("#query/dir") && !direction.text.contains("#query/sort"))

            try await browser.signIn(try demo.key("auditor"))
            // The history shows bad input beside its filters, as it does for a bad filter.
            let history = try await browser.get("/console/history?category=ipasset&sort=password&dir=up")
            #expect(history.status == .badRequest)
            #expect(history.text.contains(#"<p class="error" role="alert">Sort: `password` is not a column of this table"#))
            #expect(history.text.contains(#"<p class="error" role="alert">Direction: `up` is not a direction; use asc or desc.</p>"#))
        }
    }

    /// The labs in the order of their rows in the page's table of labs.
    static func order(of labs: [String], in text: String) -> [String] {
        labs.compactMap { lab in text.range(of: "<td><a href=\"#lab-\(lab)\">").map { (lab, $0.lowerBound) } }.sorted { $0.1 < $1.1 }.map(\.0)
    }

    static func cells(_ text: String, between open: String, and close: String) -> [String] {
        text.components(separatedBy: open).dropFirst().compactMap { $0.components(separatedBy: close).first }
    }
}
