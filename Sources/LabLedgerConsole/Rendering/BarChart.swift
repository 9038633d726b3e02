import Foundation

/// A horizontal bar chart drawn as SVG on the server: per group (a funder in one currency or
/// unit), three bars — committed, disbursed, remaining — each scaled to the group's largest
/// value, since amounts in different currencies do not share a scale.
struct BarChart: Sendable, Equatable {
    struct Series: Sendable, Equatable {
        let label: String
        let committed: Decimal
        let disbursed: Decimal
        let remaining: Decimal
    }

    struct Bar: Sendable, Equatable {
        let name: String
        let value: String
        let y: Int
        let width: Int
        let textX: Int
        let textY: Int
        let kind: String
    }

    struct Group: Sendable, Equatable {
        let label: String
        let labelY: Int
        let bars: [Bar]
    }

    static let barArea = 420
    static let left = 110
    static let barHeight = 16
    static let groupHeight = 82

    let groups: [Group]
    let height: Int
    let width = BarChart.left + BarChart.barArea + 150

    init(_ series: [Series]) {
        var groups: [Group] = []
        for (index, item) in series.enumerated() {
            let top = index * Self.groupHeight
            let largest = max(item.committed, item.disbursed, item.remaining)
            let values: [(String, Decimal, String)] = [
                ("committed", item.committed, "committed"), ("disbursed", item.disbursed, "disbursed"),
                ("remaining", item.remaining, "remaining"),
            ]
            let bars = values.enumerated().map { offset, entry in
                let width = largest > 0 ? Self.scaled(entry.1, of: largest) : 0
                let y = top + 20 + offset * (Self.barHeight + 4)
                return Bar(
                    name: entry.0, value: Self.format(entry.1), y: y, width: width, textX: Self.left + width + 6,
                    textY: y + Self.barHeight - 3, kind: entry.2)
            }
            groups.append(Group(label: item.label, labelY: top + 14, bars: bars))
        }
        self.groups = groups
        height = max(series.count * Self.groupHeight, 1)
    }

    private static func scaled(_ value: Decimal, of largest: Decimal) -> Int {
        let ratio = NSDecimalNumber(decimal: value / largest).doubleValue
        return max(0, Int((ratio * Double(barArea)).rounded()))
    }

    static func format(_ value: Decimal) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.usesGroupingSeparator = true
        formatter.groupingSeparator = ","
        formatter.maximumFractionDigits = 3
        return formatter.string(from: NSDecimalNumber(decimal: value)) ?? "\(value)"
    }
}
