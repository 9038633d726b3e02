import Foundation
import Testing
@testable import LabLedgerDomain

@Suite("Currencies, money and in-kind quantities")
struct MoneyTests {
    @Test("currency exponents follow ISO 4217", arguments: [
        ("HKD", 2), ("CNY", 2), ("USD", 2), ("EUR", 2), ("GBP", 2), ("SGD", 2), ("JPY", 0), ("KRW", 0), ("BHD", 3),
    ])
    func exponents(code: String, exponent: Int) throws {
        #expect(try CurrencyCode(parsing: code).exponent == exponent)
    }

    @Test("an unknown or malformed currency code is refused")
    func badCurrencies() {
        #expect(valueErrorCode { try CurrencyCode(parsing: "XYZ") } == "currency.unknown")
        #expect(valueErrorCode { try CurrencyCode(parsing: "hkd") } == "currency.invalid-format")
        #expect(valueErrorCode { try CurrencyCode(parsing: "HKDD") } == "currency.invalid-format")
    }

    @Test("decimal amounts parse exactly into minor units")
    func parsing() throws {
        #expect(try money("12.50", "HKD").minorUnits == 1250)
        #expect(try money("12.5", "HKD").minorUnits == 1250)
        #expect(try money("12", "HKD").minorUnits == 1200)
        #expect(try money("1000", "JPY").minorUnits == 1000)
        #expect(try money("1.234", "BHD").minorUnits == 1234)
        #expect(try money("-0.01", "USD").minorUnits == -1)
    }

    @Test("amounts that would need rounding or are not numbers are refused")
    func badAmounts() throws {
        let hkd = try currency("HKD")
        let jpy = try currency("JPY")
        #expect(valueErrorCode { try Money(parsing: "12.505", currency: hkd) } == "money.too-many-decimal-places")
        #expect(valueErrorCode { try Money(parsing: "1000.5", currency: jpy) } == "money.too-many-decimal-places")
        #expect(valueErrorCode { try Money(parsing: "12.", currency: hkd) } == "money.invalid-format")
        #expect(valueErrorCode { try Money(parsing: "1e3", currency: hkd) } == "money.invalid-format")
        #expect(valueErrorCode { try Money(parsing: "1.2.3", currency: hkd) } == "money.invalid-format")
        #expect(valueErrorCode { try Money(parsing: "", currency: hkd) } == "money.invalid-format")
        #expect(valueErrorCode { try Money(parsing: "99999999999999999999", currency: hkd) } == "money.overflow")
    }

    @Test("money prints as exact decimal text")
    func printing() throws {
        #expect(try money("12.5", "HKD").description == "12.50 HKD")
        #expect(try money("-0.05", "USD").decimalString == "-0.05")
        #expect(try money("1000", "JPY").decimalString == "1000")
        #expect(try money("0.007", "BHD").decimalString == "0.007")
    }

    @Test("adding different currencies is refused, not converted")
    func currencyMismatch() throws {
        let hkd = try money("1", "HKD")
        let usd = try money("1", "USD")
        #expect(valueErrorCode { try hkd.adding(usd) } == "money.currency-mismatch")
        #expect(valueErrorCode { try hkd.subtracting(usd) } == "money.currency-mismatch")
    }

    @Test("arithmetic past 64 bits is refused")
    func overflow() throws {
        let hkd = try currency("HKD")
        let max = Money(minorUnits: .max, currency: hkd)
        let min = Money(minorUnits: .min, currency: hkd)
        #expect(valueErrorCode { try max.adding(Money(minorUnits: 1, currency: hkd)) } == "money.overflow")
        #expect(valueErrorCode { try min.subtracting(Money(minorUnits: 1, currency: hkd)) } == "money.overflow")
        #expect(valueErrorCode { try min.negated() } == "money.overflow")
    }

    @Test("money encodes as currency and integer minor units")
    func json() throws {
        #expect(try jsonString(money("12.50", "HKD")) == #"{"currency":"HKD","minorUnits":1250}"#)
        let decoded = try EventJSON.decoder().decode(Money.self, from: Data(#"{"currency":"JPY","minorUnits":5}"#.utf8))
        #expect(decoded == Money(minorUnits: 5, currency: try currency("JPY")))
        #expect(throws: DecodingError.self) {
            try EventJSON.decoder().decode(Money.self, from: Data(#"{"currency":"ABC","minorUnits":5}"#.utf8))
        }
    }

    @Test("in-kind quantities never mix units or cash")
    func inKind() throws {
        let gpu = InKindQuantity(100, .gpuHours)
        #expect(try gpu.adding(InKindQuantity(50, .gpuHours)) == InKindQuantity(150, .gpuHours))
        #expect(valueErrorCode { try gpu.adding(InKindQuantity(1, .squareMetres)) } == "in-kind.unit-mismatch")
        let cash = Amount.cash(try money("1", "HKD"))
        #expect(valueErrorCode { try Amount.inKind(gpu).adding(cash) } == "amount.cash-and-in-kind-mixed")
        #expect(valueErrorCode { try cash.requireSameDenomination(as: .inKind(gpu)) } == "amount.cash-and-in-kind-mixed")
        #expect(valueErrorCode { try InKindQuantity(.max, .gpuHours).adding(InKindQuantity(1, .gpuHours)) } == "in-kind.overflow")
    }

    @Test("an amount encodes with its kind and decodes back")
    func amountJSON() throws {
        let cash = Amount.cash(try money("3000000", "CNY"))
        let gpu = Amount.inKind(InKindQuantity(5000, .gpuHours))
        #expect(try jsonString(cash) == #"{"currency":"CNY","kind":"cash","minorUnits":300000000}"#)
        #expect(try jsonString(gpu) == #"{"kind":"in_kind","quantity":5000,"unit":"gpu_hours"}"#)
        for amount in [cash, gpu] {
            #expect(try EventJSON.decoder().decode(Amount.self, from: EventJSON.encoder().encode(amount)) == amount)
        }
    }
}
