/// An amount of one currency in integer minor units. Never a floating-point number: every
/// amount and every sum is exact, and arithmetic refuses to mix currencies or to overflow.
public struct Money: Hashable, Sendable, Codable, CustomStringConvertible {
    public let currency: CurrencyCode
    public let minorUnits: Int64

    public init(minorUnits: Int64, currency: CurrencyCode) {
        self.currency = currency
        self.minorUnits = minorUnits
    }

    public static func zero(_ currency: CurrencyCode) -> Money { Money(minorUnits: 0, currency: currency) }

    /// Parses a decimal amount such as `12.50` or `-3`. At most the currency's exponent of
    /// fraction digits are accepted; more would need rounding, which money never does.
    /// The longest amount text accepted: 19 digits of Int64, a point, 4 decimals and a sign
    /// leave room for leading zeros, not for megabytes of them.
    public static let maxTextLength = 40

    public init(parsing amount: String, currency: CurrencyCode) throws(ValueError) {
        guard amount.unicodeScalars.count <= Self.maxTextLength else {
            throw ValueError(code: "money.too-long", message: "An amount is at most \(Self.maxTextLength) characters.")
        }
        var text = Substring(amount)
        let negative = text.first == "-"
        if negative { text = text.dropFirst() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        let isDigits: (Substring) -> Bool = { $0.allSatisfy { ("0"..."9").contains($0) } }
        guard parts.count <= 2, !whole.isEmpty, isDigits(whole), isDigits(fraction),
            parts.count == 1 || !fraction.isEmpty
        else {
            throw ValueError(code: "money.invalid-format", message: "'\(amount)' is not a decimal amount like 12.50.")
        }
        guard fraction.count <= currency.exponent else {
            throw ValueError(
                code: "money.too-many-decimal-places",
                message: "\(currency) has \(currency.exponent) decimal places; '\(amount)' has \(fraction.count).")
        }
        let padded = String(whole) + String(fraction) + String(repeating: "0", count: currency.exponent - fraction.count)
        guard let magnitude = Int64(padded) else {
            throw ValueError(code: "money.overflow", message: "'\(amount) \(currency)' is too large to hold.")
        }
        self.init(minorUnits: negative ? -magnitude : magnitude, currency: currency)
    }

    public var isZero: Bool { minorUnits == 0 }
    public var isPositive: Bool { minorUnits > 0 }
    public var isNegative: Bool { minorUnits < 0 }

    public func adding(_ other: Money) throws(ValueError) -> Money {
        try requireSameCurrency(other)
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        guard !overflow else {
            throw ValueError(code: "money.overflow", message: "\(self) + \(other) does not fit in 64-bit minor units.")
        }
        return Money(minorUnits: sum, currency: currency)
    }

    public func subtracting(_ other: Money) throws(ValueError) -> Money {
        try requireSameCurrency(other)
        let (difference, overflow) = minorUnits.subtractingReportingOverflow(other.minorUnits)
        guard !overflow else {
            throw ValueError(code: "money.overflow", message: "\(self) - \(other) does not fit in 64-bit minor units.")
        }
        return Money(minorUnits: difference, currency: currency)
    }

    public func negated() throws(ValueError) -> Money {
        try Money.zero(currency).subtracting(self)
    }

    /// Compares two amounts of the same currency; amounts of different currencies have no order.
    public func isLess(than other: Money) throws(ValueError) -> Bool {
        try requireSameCurrency(other)
        return minorUnits < other.minorUnits
    }

    private func requireSameCurrency(_ other: Money) throws(ValueError) {
        guard currency == other.currency else {
            throw ValueError(
                code: "money.currency-mismatch",
                message: "Cannot combine \(currency) with \(other.currency); convert explicitly first.")
        }
    }

    /// `12.50 HKD`, `-3 JPY`: exact decimal text from the minor units.
    public var decimalString: String {
        let magnitude = minorUnits.magnitude
        let exponent = currency.exponent
        guard exponent > 0 else { return (minorUnits < 0 ? "-" : "") + String(magnitude) }
        var digits = String(magnitude)
        if digits.count <= exponent { digits = String(repeating: "0", count: exponent - digits.count + 1) + digits }
        let split = digits.index(digits.endIndex, offsetBy: -exponent)
        return (minorUnits < 0 ? "-" : "") + digits[..<split] + "." + digits[split...]
    }

    public var description: String { "\(decimalString) \(currency)" }
}
