import Foundation
import LabLedgerDomain

/// The story's calendar. Days are counted as days since 1970-01-01 (`LocalDate.daysSinceEpoch`)
/// so scheduling is integer arithmetic; commands get `LocalDate`s. Each append is stamped at the
/// start of office hours of its story day plus one second per append already made that day, so
/// occurred-at never goes backwards and appends of one day keep their order.
struct HistoryClock: Sendable {
    /// 2018-05-01, the day the story starts (HKAI Lab's parties sign up).
    static let storyStart = 17_652

    private(set) var today = HistoryClock.storyStart
    private var appendsToday = 0

    mutating func advance(to day: Int) {
        guard day > today else { return }
        today = day
        appendsToday = 0
    }

    /// The occurred-at of the next append made today: 09:00 UTC plus a second per earlier append,
    /// held inside the day so a very busy day cannot spill into the next one.
    mutating func nextOccurredAt() -> Date {
        let second = min(appendsToday, 14 * 3600 + 3599)
        appendsToday += 1
        return Date(timeIntervalSince1970: TimeInterval(today) * 86_400 + 9 * 3600 + TimeInterval(second))
    }
}

/// Calendar arithmetic on story days, through `LocalDate` so months are counted the way the
/// domain counts them.
enum HistoryDay {
    static func date(_ day: Int) throws -> LocalDate { try LocalDate(daysSinceEpoch: day) }

    static func day(_ date: LocalDate) -> Int { date.daysSinceEpoch }

    static func adding(months: Int, to day: Int) throws -> Int {
        try date(day).adding(months: months).daysSinceEpoch
    }

    static func adding(years: Int, to day: Int) throws -> Int { try adding(months: 12 * years, to: day) }

    static func year(_ day: Int) throws -> Int { try date(day).year }

    /// The first day of the month `day` falls in.
    static func monthStart(_ day: Int) throws -> Int {
        let date = try date(day)
        return try LocalDate(year: date.year, month: date.month, day: 1).daysSinceEpoch
    }

    /// The given day of the first month starting on or after `day`, e.g. the next 1 September.
    static func next(month: Int, day dayOfMonth: Int, onOrAfter day: Int) throws -> Int {
        let date = try date(day)
        var candidate = try LocalDate(year: date.year, month: month, day: dayOfMonth).daysSinceEpoch
        if candidate < day { candidate = try adding(years: 1, to: candidate) }
        return candidate
    }

    static func range(_ from: Int, _ to: Int?) throws -> DateRange {
        try DateRange(from: date(from), to: to.map(date))
    }
}
