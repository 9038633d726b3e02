import Foundation
import LabLedgerContract
import LabLedgerDomain
import Testing

@testable import LabLedgerConsole

/// The IP asset list and an asset's page rendered for a fixed set of assets, compared byte for
/// byte with the HTML they rendered when Mustache still found every name by reflection
/// (`Pinned/*.html`): naming the asset views' fields (`AssetLookups.swift`) must not change a byte.
@Suite struct AssetPagesPinnedRenderingTests {
    /// Three assets as the API answers them: one with everything the page shows (roles, two
    /// owners, an open and an exercised option, an exclusive and an open-ended non-exclusive
    /// licence, a granted and a pending patent, royalties in two currencies, a transfer, and
    /// markup in its title), one with nothing but its owner, and one in between.
    static let assetsJSON = #"""
        [
          {"asset": "tencent-cuhksz-nlp-2019", "lab": "tencent-cuhksz-mi-lab", "agreement": "tencent-cuhksz-2018",
           "title": "Grounded <dialogue> & \"retrieval\"", "disclosedOn": "2019-03-18", "fromOutputs": ["mi-lab-acl-2019-grounded-dialogue"],
           "version": 14, "partyRoles": ["owner", "licensee", "option_sponsor"],
           "owners": [{"party": "cuhk-shenzhen", "shareBasisPoints": 5000}, {"party": "tencent", "shareBasisPoints": 5000}],
           "transfers": [{"from": "cuhk-shenzhen", "to": "tencent", "shareBasisPoints": 1250, "transferredOn": "2021-01-04"}],
           "options": [
             {"option": 1, "sponsor": "tencent", "fields": ["computer-vision"], "grantedOn": "2019-04-10", "expiresOn": "2019-10-07",
              "status": "exercised", "resolvedOn": "2019-06-01", "reservedUntil": "2019-10-07"},
             {"option": 2, "sponsor": "tencent", "fields": ["speech", "robotics"], "grantedOn": "2026-01-10", "expiresOn": "2026-04-09",
              "status": "open", "reservedUntil": "2026-04-09"}],
           "licences": [
             {"licence": "tencent-cv-cn", "view": "full", "licensee": "tencent", "exclusivity": "exclusive", "fields": ["computer-vision"],
              "territories": ["CN"], "term": {"from": "2020-01-01", "to": "2030-01-01"}, "inForceUntil": "2030-01-01",
              "royalties": [{"currency": "CNY", "reports": 2, "netSales": {"currency": "CNY", "amount": "12000000.00"},
                "royaltyDue": {"currency": "CNY", "amount": "360000.00"}, "paid": {"currency": "CNY", "amount": "240000.00"},
                "outstanding": {"currency": "CNY", "amount": "120000.00"}}]},
             {"licence": "huawei-nlp-world", "view": "scope", "licensee": "huawei", "exclusivity": "non_exclusive",
              "fields": ["natural-language-processing"], "territories": ["WORLD", "HK"], "term": {"from": "2020-07-01"}}],
           "patentStatus": "granted",
           "patents": [
             {"office": "CN", "applicationNumber": "CN201910402358.X", "filedOn": "2019-05-15", "patentNumber": "CN110110000B",
              "grantedOn": "2022-03-01", "status": "granted"},
             {"office": "US", "applicationNumber": "US16/123,456", "filedOn": "2020-05-14", "status": "filed"}],
           "royalties": [
             {"currency": "CNY", "reports": 2, "netSales": {"currency": "CNY", "amount": "12000000.00"},
              "royaltyDue": {"currency": "CNY", "amount": "360000.00"}, "paid": {"currency": "CNY", "amount": "240000.00"},
              "outstanding": {"currency": "CNY", "amount": "120000.00"}},
             {"currency": "USD", "reports": 1, "netSales": {"currency": "USD", "amount": "100000.00"},
              "royaltyDue": {"currency": "USD", "amount": "3000.00"}, "paid": {"currency": "USD", "amount": "0.00"},
              "outstanding": {"currency": "USD", "amount": "3000.00"}}]},
          {"asset": "bench-7", "lab": "tencent-cuhksz-mi-lab", "agreement": "tencent-cuhksz-2018", "title": "Invention 7",
           "disclosedOn": "2019-03-01", "fromOutputs": [], "version": 2,
           "owners": [{"party": "tencent", "shareBasisPoints": 10000}], "options": [], "licences": [], "patentStatus": "none",
           "patents": [], "royalties": []},
          {"asset": "jd-cuhksz-rec-2020", "lab": "jd-cuhksz-lab", "agreement": "jd-cuhksz-2018", "title": "Recommendation with 'graphs'",
           "disclosedOn": "2020-11-30", "fromOutputs": [], "version": 5, "partyRoles": ["former_owner"],
           "owners": [{"party": "cuhk-shenzhen", "shareBasisPoints": 6667}, {"party": "jd", "shareBasisPoints": 3333}],
           "options": [{"option": 1, "sponsor": "jd", "fields": ["all-fields"], "grantedOn": "2020-12-01", "expiresOn": "2021-03-31",
             "status": "lapsed", "resolvedOn": "2021-04-02", "reservedUntil": "2021-03-31"}],
           "licences": [], "patentStatus": "filed",
           "patents": [{"office": "EP", "applicationNumber": "EP20210001.1", "filedOn": "2021-02-02", "status": "filed"}], "royalties": []}
        ]
        """#

    static func assets() throws -> [Components.Schemas.IPAsset] {
        try JSONDecoder().decode([Components.Schemas.IPAsset].self, from: Data(assetsJSON.utf8))
    }

    static let today = "2026-03-10"

    /// The list page as `CompanyPages.list` builds it for the API's page sorted by title
    /// descending, with a next page.
    static func listPage() throws -> CompanyPages.ListView {
        let today = try LocalDate(parsing: Self.today)
        let sort = TableSort(CompanyPages.assetColumns, sort: "title", dir: "desc")
        let assets = try assets().sorted { $0.title > $1.title }.map { CompanyPages.view($0, today: today) }
        return CompanyPages.ListView(
            frame: .signedOut("IP assets"), assets: assets, empty: false,
            headers: sort.headers(path: "/console/ip-assets", keep: []),
            nextLink: TableSort.link("/console/ip-assets", [("after", "WyJiZW5jaC03Il0"), ("sort", "title"), ("dir", "desc")]), hasNext: true)
    }

    /// The first asset's page with two periods of royalty reports.
    static func detailPage() throws -> CompanyPages.DetailView {
        let asset = try #require(try assets().first)
        let reports: [RoyaltyChart.Report] = [
            .init(licence: "tencent-cv-cn", from: "2021-01-01", to: "2022-01-01", currency: "CNY", due: 240_000),
            .init(licence: "tencent-cv-cn", from: "2022-01-01", to: nil, currency: "CNY", due: 120_000),
        ]
        let rows = [
            CompanyPages.ReportRow(
                licence: "tencent-cv-cn", period: "2021-01-01 – 2022-01-01", reportedOn: "2022-01-15", currency: "CNY",
                netSales: "8000000.00 CNY", due: "240000.00", paid: "240000.00", outstanding: "0.00"),
            CompanyPages.ReportRow(
                licence: "tencent-cv-cn", period: "2022-01-01 – open-ended", reportedOn: "2023-01-15", currency: "CNY",
                netSales: "4000000.00 CNY", due: "120000.00", paid: "0.00", outstanding: "120000.00"),
        ]
        return CompanyPages.DetailView(
            frame: .signedOut("IP asset \(asset.asset)"), a: CompanyPages.view(asset, today: try LocalDate(parsing: Self.today)),
            chart: RoyaltyChart(reports), reports: rows, hasReports: true, cut: "tencent-cv-cn", hasCut: true)
    }

    static func pinned(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Pinned").appendingPathComponent(name)
    }

    /// Compares `html` with the pinned file; a missing file is written (and the test fails, so
    /// a pin is only ever made on purpose and checked in).
    static func expectPinned(_ html: String, _ name: String) throws {
        let url = pinned(name)
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            try html.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("no pinned \(name): written now from this rendering; check it and commit it")
            return
        }
        #expect(html == expected, "the rendering of \(name) changed")
    }

    @Test func theIPAssetListRendersExactlyThePinnedHTML() throws {
        let html = try Templates.bundled().render(try Self.listPage(), "ip-assets")
        try Self.expectPinned(html, "ip-assets-list.html")
        // What the pin holds, so a pin of a broken rendering would not pass either.
        #expect(html.contains("Grounded &lt;dialogue&gt; &amp; &quot;retrieval&quot;"))
        #expect(html.contains("<td class=\"num\">2</td><td>tencent</td><td>speech, robotics</td><td>open</td><td>2026-04-09</td><td>30 days left</td>"))
        #expect(html.contains("<caption>Patents</caption>"))
        #expect(html.components(separatedBy: "<section class=\"asset\"").count == 4)
    }

    @Test func anAssetsPageRendersExactlyThePinnedHTML() throws {
        let html = try Templates.bundled().render(try Self.detailPage(), "ip-asset")
        try Self.expectPinned(html, "ip-asset-page.html")
        #expect(html.contains("<caption>Ownership transfers</caption>"))
        #expect(html.contains("<td>cuhk-shenzhen</td><td>tencent</td><td class=\"num\">12.50%</td><td>2021-01-04</td>"))
    }
}
