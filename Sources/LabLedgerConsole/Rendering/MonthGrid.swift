import Foundation
import LabLedgerDomain

/// A month laid out as a wall calendar (weeks from Monday), each day with the number of deadlines
/// due on it, so a page can show where in the month they fall beside the list of them.
struct MonthGrid: Equatable {
    struct Day: Equatable {
        /// 1...31, or nil for the cells before the 1st and after the last day.
        let day: Int?
        /// The date, `YYYY-MM-DD`, empty for a blank cell.
        let date: String
        let due: Int
        let isToday: Bool
        let isPast: Bool
    }

    let year: Int
    let month: Int
    let weeks: [[Day]]

    /// The grid of `year`-`month`; `due` counts deadlines by day of the month.
    static func of(year: Int, month: Int, due: [Int: Int], today: LocalDate) -> MonthGrid? {
        var calendar = Calendar(identifier: .gregorian)
        // UTC, as everywhere in the console: the ledger's dates are calendar dates.
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        guard let first = calendar.date(from: DateComponents(year: year, month: month, day: 1)),
              let days = calendar.range(of: .day, in: .month, for: first)?.count
        else { return nil }
        // Calendar numbers Sunday 1 ... Saturday 7; the grid starts on Monday.
        let leading = (calendar.component(.weekday, from: first) + 5) % 7
        var cells = Array(repeating: Day(day: nil, date: "", due: 0, isToday: false, isPast: false), count: leading)
        for day in 1...days {
            let date = String(format: "%04d-%02d-%02d", year, month, day)
            let local = try? LocalDate(parsing: date)
            cells.append(Day(
                day: day, date: date, due: due[day] ?? 0, isToday: local == today, isPast: local.map { $0 < today } ?? false))
        }
        while cells.count % 7 != 0 { cells.append(Day(day: nil, date: "", due: 0, isToday: false, isPast: false)) }
        let weeks = stride(from: 0, to: cells.count, by: 7).map { Array(cells[$0..<($0 + 7)]) }
        return MonthGrid(year: year, month: month, weeks: weeks)
    }

    /// The grid of the month `YYYY-MM` with the given due dates (`YYYY-MM-DD`) of that month.
    static func of(month key: String, dueDates: [String], today: LocalDate) -> MonthGrid? {
        let parts = key.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else { return nil }
        var due: [Int: Int] = [:]
        for date in dueDates where date.hasPrefix(key + "-") {
            if let day = Int(date.dropFirst(key.count + 1).prefix(2)) { due[day, default: 0] += 1 }
        }
        return of(year: year, month: month, due: due, today: today)
    }
}
