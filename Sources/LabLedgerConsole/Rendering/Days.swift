import Foundation
import LabLedgerDomain

/// Calendar arithmetic for what pages show: days left until a deadline, today's date.
enum Days {
    private static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        // UTC: the ledger's dates are calendar dates, not instants in a zone.
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }

    static func today(_ now: Date = Date()) -> LocalDate {
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        // A Gregorian calendar always yields a valid year, month and day for a Date.
        return (try? LocalDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)) ?? Self.epoch
    }

    /// Whole days from `from` to `to` (negative when `to` is earlier).
    static func between(_ from: LocalDate, _ to: LocalDate) -> Int {
        guard let start = date(from), let end = date(to) else { return 0 }
        return calendar.dateComponents([.day], from: start, to: end).day ?? 0
    }

    /// "12 days left", "due today", "3 days overdue".
    static func left(until deadline: LocalDate, today: LocalDate) -> String {
        let days = between(today, deadline)
        switch days {
        case 0: return "due today"
        case 1: return "1 day left"
        case 2...: return "\(days) days left"
        case -1: return "1 day overdue"
        default: return "\(-days) days overdue"
        }
    }

    private static func date(_ local: LocalDate) -> Date? {
        calendar.date(from: DateComponents(year: local.year, month: local.month, day: local.day))
    }

    // 1970-01-01 is a valid calendar date, so parsing it cannot fail; `today` falls back to it only
    // if Calendar returned no year, month or day, which a Gregorian calendar always gives.
    private static let epoch = (try? LocalDate(parsing: "1970-01-01"))!
}
