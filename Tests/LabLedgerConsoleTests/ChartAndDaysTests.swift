import EventStore
import Foundation
import LabLedgerDomain
import Testing

@testable import LabLedgerConsole

/// The funding chart's geometry, the sums behind it, and the days-left wording.
@Suite struct ChartAndDaysTests {
    @Test func barsAreScaledToTheirGroupsLargestValue() throws {
        let chart = BarChart([
            .init(label: "tencent · CNY", committed: 3_600_000, disbursed: 45_000, remaining: 3_555_000),
            .init(label: "tencent · gpu hours", committed: 50_000, disbursed: 12_000, remaining: 38_000),
        ])
        #expect(chart.groups.count == 2)
        let cash = chart.groups[0].bars
        #expect(cash.map(\.name) == ["committed", "disbursed", "remaining"])
        #expect(cash[0].width == BarChart.barArea)
        #expect(cash[1].width == 5)
        #expect(cash[1].value == "45,000")
        #expect(chart.groups[1].bars[1].width == Int((Double(BarChart.barArea) * 0.24).rounded()))
        #expect(chart.groups[1].labelY > chart.groups[0].bars[2].y)
    }

    @Test func aGroupWithNothingCommittedDrawsEmptyBars() {
        let chart = BarChart([.init(label: "x", committed: 0, disbursed: 0, remaining: 0)])
        #expect(chart.groups[0].bars.allSatisfy { $0.width == 0 })
    }

    @Test func commitmentsAreSummedPerFunderAndCurrencyNeverAcrossCurrencies() {
        let sums = FundingByFunder([
            .init(funder: "fund", measure: "HKD", committed: 4_000_000, disbursed: 1_000_000, remaining: 3_000_000),
            .init(funder: "sensetime", measure: "HKD", committed: 4_000_000, disbursed: 1_000_000, remaining: 3_000_000),
            .init(funder: "fund", measure: "HKD", committed: 2_500_000, disbursed: 0, remaining: 2_500_000),
            .init(funder: "fund", measure: "gpu hours", committed: 100_000, disbursed: 0, remaining: 100_000),
        ])
        #expect(sums.series.map(\.funder) == ["fund", "sensetime", "fund"])
        #expect(sums.series[0].committed == 6_500_000)
        #expect(sums.series[0].remaining == 5_500_000)
        #expect(sums.series[2].measure == "gpu hours")
    }

    @Test(arguments: [
        ("2026-01-01", "2026-01-01", "due today"), ("2026-01-01", "2026-01-02", "1 day left"),
        ("2026-01-01", "2026-03-01", "59 days left"), ("2026-01-02", "2026-01-01", "1 day overdue"),
        ("2024-03-01", "2024-02-28", "2 days overdue"),
    ])
    func daysLeftCountCalendarDays(today: String, due: String, text: String) throws {
        #expect(Days.left(until: try LocalDate(parsing: due), today: try LocalDate(parsing: today)) == text)
    }

    @Test func freshnessNamesTheLowestCheckpointAndTheLargestLag() {
        #expect(Freshness.describe(Checkpoint(transactionID: 812, position: 40)) == "812.40")
        #expect(Freshness.describe(Checkpoint(transactionID: 812, position: .max)) == "812 (every transaction up to it)")
        #expect(Freshness(checkpoint: "9.1", behind: 1, projections: 2).text == "Read models at checkpoint 9.1 (2 projections, 1 event behind the history).")
        #expect(Freshness(checkpoint: "0.0", behind: 0, projections: 0).text.hasPrefix("No projection has run yet"))
        // The page counts at most countCap + 1 events behind a checkpoint, and says so past the cap.
        #expect(Freshness(checkpoint: "9.1", behind: Freshness.countCap, projections: 2).text.contains("(2 projections, 1000 events behind the history)"))
        #expect(Freshness(checkpoint: "9.1", behind: Freshness.countCap + 1, projections: 2).text.contains("(2 projections, more than 1000 events behind the history)"))
        #expect(Freshness.unknown.text.isEmpty)
    }

    @Test func basisPointsReadAsPercentages() {
        #expect(CompanyPages.percent(5000) == "50.00%")
        #expect(CompanyPages.percent(10000) == "100.00%")
        #expect(CompanyPages.percent(3333) == "33.33%")
    }
}
