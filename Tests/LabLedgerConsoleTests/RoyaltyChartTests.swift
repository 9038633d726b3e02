import Foundation
import Testing

@testable import LabLedgerConsole

/// The royalty chart's geometry: panels per currency, periods in order, bars per licence.
@Suite struct RoyaltyChartTests {
    static let reports: [RoyaltyChart.Report] = [
        .init(licence: "huawei-nlp-world", from: "2021-07-01", to: "2022-07-01", currency: "CNY", due: 120_000),
        .init(licence: "huawei-nlp-world", from: "2020-07-01", to: "2021-07-01", currency: "CNY", due: 240_000),
        .init(licence: "jd-cv-cn", from: "2020-07-01", to: "2021-07-01", currency: "CNY", due: 60_000),
        .init(licence: "sony-cv-jp", from: "2020-01-01", to: "2021-01-01", currency: "JPY", due: 5_000_000),
    ]

    @Test func eachCurrencyIsAPanelOfItsOwnNeverSharingAScale() {
        let chart = RoyaltyChart(Self.reports)
        #expect(chart.panels.map(\.currency) == ["CNY", "JPY"])
        #expect(chart.panels[0].largest == "240,000")
        #expect(chart.panels[1].largest == "5,000,000")
        // Each panel's largest bar fills the plot, whatever the other currency's amounts.
        #expect(chart.panels.map { $0.bars.map(\.height).max() } == [RoyaltyChart.plotHeight, RoyaltyChart.plotHeight])
        #expect(chart.panels.map(\.id) == ["royalties-cny", "royalties-jpy"])
    }

    @Test func periodsRunLeftToRightByStartAndEachLicenceHasItsPlaceInAPeriod() {
        let cny = RoyaltyChart(Self.reports).panels[0]
        #expect(cny.ticks.map(\.label) == ["2020-07-01", "2021-07-01"])
        #expect(cny.ticks[0].x < cny.ticks[1].x)
        let first = cny.bars.filter { $0.period == "2020-07-01 to 2021-07-01" }
        #expect(first.map(\.licence) == ["huawei-nlp-world", "jd-cv-cn"])
        #expect(first[0].x < first[1].x && first[1].x < cny.ticks[1].x)
        #expect(first.map(\.series) == ["s0", "s1"])
        #expect(cny.keys.map(\.licence) == ["huawei-nlp-world", "jd-cv-cn"])
        // A licence without a report in a period draws no bar there.
        #expect(cny.bars.filter { $0.period == "2021-07-01 to 2022-07-01" }.map(\.licence) == ["huawei-nlp-world"])
    }

    @Test func barsStandOnTheBaselineScaledToThePanelsLargestRoyalty() {
        let cny = RoyaltyChart(Self.reports).panels[0]
        for bar in cny.bars { #expect(bar.y + bar.height == RoyaltyChart.baseline, "\(bar)") }
        let heights = Dictionary(uniqueKeysWithValues: cny.bars.map { ("\($0.licence) \($0.period)", $0.height) })
        #expect(heights["huawei-nlp-world 2020-07-01 to 2021-07-01"] == RoyaltyChart.plotHeight)
        #expect(heights["huawei-nlp-world 2021-07-01 to 2022-07-01"] == RoyaltyChart.plotHeight / 2)
        #expect(heights["jd-cv-cn 2020-07-01 to 2021-07-01"] == RoyaltyChart.plotHeight / 4)
        #expect(cny.width >= cny.bars.map { $0.x + $0.width }.max() ?? 0)
        #expect(cny.height > (cny.keys.map(\.y).max() ?? 0))
    }

    @Test func theDescriptionSaysInWordsWhatTheBarsShow() {
        let jpy = RoyaltyChart(Self.reports).panels[1]
        #expect(jpy.summary == "Royalty due in JPY per reporting period: sony-cv-jp, 2020-01-01 to 2021-01-01: 5,000,000.")
    }

    @Test func anOpenEndedPeriodComesAfterClosedOnesOfTheSameStartAndNothingDueDrawsNoHeight() {
        let chart = RoyaltyChart([
            .init(licence: "a", from: "2020-01-01", to: nil, currency: "HKD", due: 0),
            .init(licence: "a", from: "2020-01-01", to: "2020-07-01", currency: "HKD", due: 0),
        ])
        let panel = chart.panels[0]
        #expect(panel.bars.map(\.period) == ["2020-01-01 to 2020-07-01", "2020-01-01 to open end"])
        #expect(panel.bars.allSatisfy { $0.height == 0 })
        #expect(RoyaltyChart([]).panels.isEmpty)
    }
}

extension RoyaltyChartTests {
    @Test func periodsAreFarEnoughApartForTheirDatesUnderThem() {
        let one = RoyaltyChart([
            .init(licence: "a", from: "2020-01-01", to: "2021-01-01", currency: "CNY", due: 1),
            .init(licence: "a", from: "2021-01-01", to: "2022-01-01", currency: "CNY", due: 1),
        ]).panels[0]
        #expect(one.ticks[1].x - one.ticks[0].x >= RoyaltyChart.minSlot)
        let many = RoyaltyChart((0..<6).map { index in
            .init(licence: "licence-\(index)", from: "2020-01-01", to: "2021-01-01", currency: "CNY", due: 1)
        } + [.init(licence: "licence-0", from: "2021-01-01", to: "2022-01-01", currency: "CNY", due: 1)]).panels[0]
        // Six licences need more room than the minimum: the slot grows with them.
        #expect(many.ticks[1].x - many.ticks[0].x == 6 * RoyaltyChart.barWidth + RoyaltyChart.gap)
        #expect((many.bars.filter { $0.period == "2020-01-01 to 2021-01-01" }.map(\.x).max() ?? .max) < many.ticks[1].x)
    }
}

extension RoyaltyChartTests {
    @Test func aRoyaltyTinyBesideTheLargestStillDrawsABar() {
        let panel = RoyaltyChart([
            .init(licence: "a", from: "2020-01-01", to: "2021-01-01", currency: "CNY", due: 1_000_000),
            .init(licence: "b", from: "2020-01-01", to: "2021-01-01", currency: "CNY", due: 1),
        ]).panels[0]
        #expect(panel.bars.map(\.height) == [RoyaltyChart.plotHeight, 1])
        #expect(panel.bars[1].y + panel.bars[1].height == RoyaltyChart.baseline)
    }

    @Test func eightLicencesInOnePanelEachHaveTheirOwnColour() {
        let panel = RoyaltyChart((0..<9).map { index in
            .init(licence: "licence-\(index)", from: "2020-01-01", to: "2021-01-01", currency: "CNY", due: 1)
        }).panels[0]
        #expect(panel.keys.prefix(8).map(\.series) == (0..<8).map { "s\($0)" })
        // Beyond the palette the colours repeat; the key still names every licence.
        #expect(panel.keys[8].series == "s0" && panel.keys.count == 9)
    }

    @Test func aLongLargestAmountWidensTheRoomLeftOfTheAxisSoItsLabelFits() throws {
        let short = RoyaltyChart([.init(licence: "a", from: "2020-01-01", to: "2021-01-01", currency: "CNY", due: 240_000)]).panels[0]
        #expect(short.axisX == RoyaltyChart.left && short.labelX == RoyaltyChart.left - 6)
        let due = try #require(Decimal(string: "123456789012.345"))
        let long = RoyaltyChart([.init(licence: "a", from: "2020-01-01", to: "2021-01-01", currency: "JPY", due: due)]).panels[0]
        #expect(long.largest == "123,456,789,012.345")
        // Right-aligned at labelX, the label starts at least 8 units inside the svg.
        #expect(long.labelX - long.largest.count * RoyaltyChart.characterWidth >= 8)
        #expect(long.axisX > RoyaltyChart.left)
        #expect(long.bars[0].x > long.axisX && long.ticks[0].x > long.axisX && long.keys[0].x == long.axisX)
    }
}
