import Foundation

/// RFC 3339 timestamps (`2019-06-01T12:00:00Z`, `2019-06-01T14:00:00.25+02:00`) as exact
/// microseconds since the Unix epoch: the store keeps microseconds, and going through a
/// floating-point `Date` could move a bound by one and include or drop an event at it.
enum RFC3339 {
    /// Nil unless `text` is a full date-time with `Z` or a `±hh:mm` offset and at most six
    /// fractional digits (finer than the store keeps). No leap second: the store has none.
    static func microseconds(_ text: String) -> Int64? {
        let pattern = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/
        guard text.utf8.count <= 40, let m = text.wholeMatch(of: pattern),
            let year = Int64(m.1), let month = Int64(m.2), let day = Int64(m.3),
            let hour = Int64(m.4), let minute = Int64(m.5), let second = Int64(m.6)
        else { return nil }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var offset: Int64 = 0
        if m.8 == nil {
            guard let sign = m.9, let oh = m.10.flatMap({ Int64($0) }), let om = m.11.flatMap({ Int64($0) }), oh < 24, om < 60 else { return nil }
            offset = (oh * 60 + om) * 60 * (sign == "-" ? -1 : 1)
        }
        var micros: Int64 = 0
        if let fraction = m.7, let value = Int64(fraction) {
            micros = value * [100_000, 10_000, 1_000, 100, 10, 1][fraction.count - 1]
        }
        let seconds = daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second - offset
        return seconds * 1_000_000 + micros
    }

    static func date(micros: Int64) -> Date {
        Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
