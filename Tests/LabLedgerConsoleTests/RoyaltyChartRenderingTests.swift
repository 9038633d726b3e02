import Testing

@testable import LabLedgerConsole

/// The asset page's royalty chart as the bundled template renders it.
@Suite struct RoyaltyChartRenderingTests {
    static func page(_ reports: [RoyaltyChart.Report], rows: [CompanyPages.ReportRow], cut: String = "") -> CompanyPages.DetailView {
        let asset = CompanyPages.AssetView(
            asset: "a-1", title: "T", lab: "l", agreement: "g", disclosedOn: "2019-03-18", roles: "", hasRoles: false, patentStatus: "none",
            owners: [], options: [], hasOptions: false, licences: [], hasLicences: false, licenceCount: 0, patents: [], hasPatents: false, royalties: [],
            hasRoyalties: false, transfers: [], hasTransfers: false)
        return CompanyPages.DetailView(
            frame: .signedOut("IP asset a-1"), a: asset, chart: RoyaltyChart(reports), reports: rows, hasReports: !rows.isEmpty, cut: cut,
            hasCut: !cut.isEmpty)
    }

    @Test func theChartIsAnSVGWithTitleDescriptionABarPerReportAndTheSameFiguresInATable() throws {
        let reports: [RoyaltyChart.Report] = [
            .init(licence: "huawei-nlp-world", from: "2020-07-01", to: "2021-07-01", currency: "CNY", due: 240_000),
            .init(licence: "huawei-nlp-world", from: "2021-07-01", to: "2022-07-01", currency: "CNY", due: 120_000),
        ]
        let rows = [
            CompanyPages.ReportRow(
                licence: "huawei-nlp-world", period: "2020-07-01 – 2021-07-01", reportedOn: "2021-07-15", currency: "CNY",
                netSales: "8000000.00 CNY", due: "240000.00", paid: "240000.00", outstanding: "0.00"),
            CompanyPages.ReportRow(
                licence: "huawei-nlp-world", period: "2021-07-01 – 2022-07-01", reportedOn: "2022-07-15", currency: "CNY",
                netSales: "4000000.00 CNY", due: "120000.00", paid: "0.00", outstanding: "120000.00"),
        ]
        let html = try Templates.bundled().render(Self.page(reports, rows: rows), "ip-asset")
        #expect(html.contains(#"<svg role="img" aria-labelledby="royalties-cny-title" aria-describedby="royalties-cny-desc""#))
        // Its own size in a container that scrolls sideways and takes the keyboard's focus to do so.
        #expect(html.contains(#"<div class="chart-scroll" tabindex="0" role="group" aria-label="Royalty chart in CNY, scrolls sideways">"#))
        #expect(html.contains(#"<title id="royalties-cny-title">Royalty due per licence and reporting period, in CNY</title>"#))
        #expect(html.contains("<desc id=\"royalties-cny-desc\">Royalty due in CNY per reporting period: huawei-nlp-world, 2020-07-01 to 2021-07-01: 240,000;"))
        // Two bars and one legend swatch.
        #expect(html.components(separatedBy: "class=\"bar s0\"").count - 1 == 3)
        #expect(html.contains("height=\"\(RoyaltyChart.plotHeight)\" class=\"bar s0\"><title>huawei-nlp-world, 2020-07-01 to 2021-07-01: 240,000</title>"))
        #expect(html.contains("<caption>Royalty reports per licence and period</caption>"))
        #expect(html.contains("<td class=\"num\">120000.00</td>"))
        #expect(!html.contains("Only the first reports"))
    }

    @Test func anAssetWithoutReportsHasNoChartAndACutListSaysSo() throws {
        let templates = try Templates.bundled()
        let none = try templates.render(Self.page([], rows: []), "ip-asset")
        #expect(!none.contains("<svg") && !none.contains("Royalties per licence over time"))
        let row = CompanyPages.ReportRow(
            licence: "x", period: "p", reportedOn: "2021-01-01", currency: "HKD", netSales: "1 HKD", due: "1", paid: "0", outstanding: "1")
        let cut = try templates.render(
            Self.page([.init(licence: "x", from: "2020-01-01", to: "2021-01-01", currency: "HKD", due: 1)], rows: [row], cut: "x"), "ip-asset")
        #expect(cut.contains("Only the first reports of x are shown"))
    }
}
