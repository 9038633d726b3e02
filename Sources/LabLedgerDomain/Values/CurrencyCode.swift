/// An active ISO 4217 currency with its minor-unit exponent. Only currencies whose exponent we
/// know are accepted, because an amount in minor units means nothing without it.
public struct CurrencyCode: ValidatedString, Comparable {
    public let rawValue: String
    /// Digits after the decimal point: HKD 2 (cents), JPY 0, BHD 3 (fils).
    public let exponent: Int

    public init(parsing text: String) throws(ValueError) {
        guard text.count == 3, text.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            throw ValueError(code: "currency.invalid-format", message: "A currency code is three upper-case letters (ISO 4217); '\(text)' is not.")
        }
        guard let exponent = Self.exponents[text] else {
            throw ValueError(code: "currency.unknown", message: "'\(text)' is not an active ISO 4217 currency.")
        }
        rawValue = text
        self.exponent = exponent
    }

    public static func < (lhs: CurrencyCode, rhs: CurrencyCode) -> Bool { lhs.rawValue < rhs.rawValue }
    public static func == (lhs: CurrencyCode, rhs: CurrencyCode) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    /// Active ISO 4217 currencies and their minor units (ISO 4217 list one). Funds and
    /// precious metals without a minor unit (XAU, XDR, ...) are left out on purpose.
    static let exponents: [String: Int] = {
        var table: [String: Int] = [:]
        let twoDigit = """
            AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP \
            BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD \
            FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD \
            KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD \
            NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP \
            SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED \
            VES WST XCD XCG YER ZAR ZMW ZWG
            """
        let zeroDigit = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
        let threeDigit = "BHD IQD JOD KWD LYD OMR TND"
        let fourDigit = "CLF UYW"
        for (codes, exponent) in [(zeroDigit, 0), (twoDigit, 2), (threeDigit, 3), (fourDigit, 4)] {
            for code in codes.split(separator: " ") { table[String(code)] = exponent }
        }
        return table
    }()
}
