import Foundation

/// Royalties per licence over time, drawn as SVG on the server: one panel per currency (amounts
/// in different currencies share no scale), reporting periods along the x axis in order of
/// their start, and in each period one bar per licence, its height the royalty due scaled to
/// the panel's largest. Each panel also says in words what it shows (`summary`, for `<desc>`).
struct RoyaltyChart: Sendable, Equatable {
    struct Report: Sendable, Equatable {
        let licence: String
        let from: String
        /// nil for an open-ended period.
        let to: String?
        let currency: String
        let due: Decimal
    }

    struct Bar: Sendable, Equatable {
        let licence: String
        let period: String
        let value: String
        let x: Int
        let y: Int
        let width: Int
        let height: Int
        /// `s0`…`s7`: the licence's colour within its panel (see `seriesCount`).
        let series: String
    }

    struct Tick: Sendable, Equatable {
        let label: String
        let x: Int
        let y = RoyaltyChart.baseline + 18
    }

    struct Key: Sendable, Equatable {
        let licence: String
        let series: String
        let x: Int
        let y: Int
    }

    struct Panel: Sendable, Equatable {
        let currency: String
        /// An id for `aria-labelledby` (currency codes are `[A-Z]{3}`).
        let id: String
        let width: Int
        let height: Int
        let largest: String
        /// The axes: x of the y axis (after the room the largest amount's label needs), the
        /// plot's top, the baseline, where the y axis's labels end.
        let axisX: Int
        let top = RoyaltyChart.top
        let baseline = RoyaltyChart.baseline
        let labelX: Int
        let largestY = RoyaltyChart.top + 8
        let bars: [Bar]
        let ticks: [Tick]
        let keys: [Key]
        let summary: String
    }

    /// The least room left of the y axis; a longer largest amount widens it (`left(for:)`).
    static let left = 96
    /// About the advance of one character of the chart's 12px text, digits and commas alike rounded up.
    static let characterWidth = 8
    static let top = 16
    static let plotHeight = 160
    static let barWidth = 18
    static let gap = 22
    static let minSlot = 84
    static let keyRow = 18
    /// Colours `s0`…`s7` in console.css. A ninth licence on one asset in one currency takes the
    /// first colour again; each bar's own title and the table below still name its licence.
    static let seriesCount = 8

    static var baseline: Int { top + plotHeight }

    let panels: [Panel]

    init(_ reports: [Report]) {
        let byCurrency = Dictionary(grouping: reports, by: \.currency)
        panels = byCurrency.keys.sorted().map { Self.panel($0, byCurrency[$0] ?? []) }
    }

    private static func panel(_ currency: String, _ reports: [Report]) -> Panel {
        let licences = Array(Set(reports.map(\.licence))).sorted()
        let periods = Array(Set(reports.map { PeriodKey(from: $0.from, to: $0.to) })).sorted()
        let largest = reports.map(\.due).max() ?? 0
        let largestLabel = BarChart.format(largest)
        let left = Self.left(for: largestLabel)
        // Wide enough for the period's first day under it (`YYYY-MM-DD` at 12px is about 70).
        let slot = max(licences.count * barWidth + gap, minSlot)
        var bars: [Bar] = []
        for (index, period) in periods.enumerated() {
            let slotX = left + gap / 2 + index * slot
            for (offset, licence) in licences.enumerated() {
                for report in reports where report.licence == licence && PeriodKey(from: report.from, to: report.to) == period {
                    let height = largest > 0 ? scaled(report.due, of: largest) : 0
                    bars.append(Bar(
                        licence: licence, period: period.label, value: BarChart.format(report.due), x: slotX + offset * barWidth,
                        y: baseline - height, width: barWidth - 2, height: height, series: series(offset)))
                }
            }
        }
        let ticks = periods.enumerated().map { index, period in
            Tick(label: period.from, x: left + gap / 2 + index * slot)
        }
        let keysTop = baseline + 40
        let keys = licences.enumerated().map { offset, licence in
            Key(licence: licence, series: series(offset), x: left, y: keysTop + offset * keyRow)
        }
        let width = max(left + periods.count * slot + gap, 360)
        let height = keysTop + licences.count * keyRow + 4
        let summary = "Royalty due in \(currency) per reporting period: "
            + bars.map { "\($0.licence), \($0.period): \($0.value)" }.joined(separator: "; ") + "."
        return Panel(
            currency: currency, id: "royalties-\(currency.lowercased())", width: width, height: height, largest: largestLabel,
            axisX: left, labelX: left - 6, bars: bars, ticks: ticks, keys: keys, summary: summary)
    }

    /// Room left of the y axis for `label` (right-aligned 6 units before it) and a margin.
    static func left(for label: String) -> Int {
        max(Self.left, label.count * characterWidth + 6 + 8)
    }

    private static func series(_ offset: Int) -> String { "s\(offset % seriesCount)" }

    private static func scaled(_ value: Decimal, of largest: Decimal) -> Int {
        let ratio = NSDecimalNumber(decimal: value / largest).doubleValue
        // A royalty due, however small beside the largest, stays visible as a bar.
        let least = value > 0 ? 1 : 0
        return max(least, Int((ratio * Double(plotHeight)).rounded()))
    }

    /// A period ordered by start, then end, an open end last.
    struct PeriodKey: Hashable, Comparable {
        let from: String
        let to: String?

        var label: String { "\(from) to \(to ?? "open end")" }

        static func < (a: PeriodKey, b: PeriodKey) -> Bool {
            if a.from != b.from { return a.from < b.from }
            switch (a.to, b.to) {
            case (let x?, let y?): return x < y
            case (_?, nil): return true
            default: return false
            }
        }
    }
}
