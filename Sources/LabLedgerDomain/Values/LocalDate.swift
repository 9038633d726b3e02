/// A calendar date without time zone, ISO 8601 `YYYY-MM-DD`, JSON as that string. Agreements,
/// value dates and deadlines are calendar days in law, not instants.
public struct LocalDate: Hashable, Sendable, Comparable, ValidatedString {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) throws(ValueError) {
        guard (1...9999).contains(year) else {
            throw ValueError(code: "date.invalid", message: "Year \(year) is outside 0001-9999.")
        }
        guard (1...12).contains(month) else {
            throw ValueError(code: "date.invalid", message: "Month \(month) does not exist.")
        }
        guard (1...Self.daysIn(month: month, year: year)).contains(day) else {
            throw ValueError(code: "date.invalid", message: "\(year)-\(month) has no day \(day).")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    public init(parsing text: String) throws(ValueError) {
        // Every stored event and row date is read through here: the common shape is taken from
        // its bytes (about 11,000 instructions per date through `split` and `Character`s before),
        // and everything else, errors included, from the general reading below.
        if let (year, month, day) = Self.asciiFields(text) {
            try self.init(year: year, month: month, day: day)
            return
        }
        try self.init(generalParsing: text)
    }

    /// Year, month and day of exactly `DDDD-DD-DD` in ASCII digits; nil for any other text.
    static func asciiFields(_ text: String) -> (Int, Int, Int)? {
        ASCIIBytes.read(text) { bytes -> (Int, Int, Int)? in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            var fields = (0, 0, 0)
            for index in 0..<10 where index != 4 && index != 7 {
                let digit = Int(bytes[index]) - Int(UInt8(ascii: "0"))
                guard (0...9).contains(digit) else { return nil }
                switch index {
                case 0..<4: fields.0 = fields.0 * 10 + digit
                case 5..<7: fields.1 = fields.1 * 10 + digit
                default: fields.2 = fields.2 * 10 + digit
                }
            }
            return fields
        }
    }

    /// The reading of any text: the shape, then the calendar, each with its own error.
    init(generalParsing text: String) throws(ValueError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { ("0"..."9").contains($0) } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else {
            throw ValueError(code: "date.invalid-format", message: "A date is YYYY-MM-DD; '\(text)' is not.")
        }
        try self.init(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD`: the initialisers keep the year in 1...9999 and month and day in two digits.
    public var rawValue: String {
        String(unsafeUninitializedCapacity: 10) { buffer in
            func put(_ value: Int, width: Int, at start: Int) {
                var value = value
                for index in stride(from: start + width - 1, through: start, by: -1) {
                    buffer[index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(year, width: 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            put(month, width: 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(day, width: 2, at: 8)
            return 10
        }
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Days since 1970-01-01 (proleptic Gregorian), by Howard Hinnant's `days_from_civil`.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `daysSinceEpoch` (Hinnant's `civil_from_days`).
    public init(daysSinceEpoch days: Int) throws(ValueError) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        try self.init(year: year, month: month, day: day)
    }

    /// The date `days` later (or earlier, if negative), e.g. the end of a review window.
    public func adding(days: Int) throws(ValueError) -> LocalDate {
        try LocalDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// The same day `months` later, or the month's last day when it is shorter (31 Jan + 1
    /// month is 28/29 Feb), the way programme lengths and terms in months are counted.
    public func adding(months: Int) throws(ValueError) -> LocalDate {
        let index = year * 12 + (month - 1) + months
        let (newYear, newMonth) = (index / 12, index % 12 + 1)
        guard index >= 0, (1...9999).contains(newYear) else {
            throw ValueError(code: "date.invalid", message: "\(self) plus \(months) months is outside 0001-9999.")
        }
        return try LocalDate(year: newYear, month: newMonth, day: min(day, Self.daysIn(month: newMonth, year: newYear)))
    }

    /// Whole days from `self` to `other` (negative if `other` is earlier).
    public func days(until other: LocalDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }
}
