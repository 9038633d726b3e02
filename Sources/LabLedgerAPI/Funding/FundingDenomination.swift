import LabLedgerContract
import LabLedgerDomain

/// The currency or in-kind unit of a `funding_*` or `round_benefits` row (exactly one of the two
/// columns is set), which turns the row's bigint units back into the contract's `Amount`.
enum FundingDenomination: Sendable {
    case cash(CurrencyCode)
    case inKind(Components.Schemas.InKindUnit)

    init(currency: String?, unit: String?) throws {
        switch (currency, unit) {
        case (let currency?, nil):
            self = .cash(try CurrencyCode(parsing: currency))
        case (nil, let unit?):
            self = .inKind(try ReadModelQueries.enumValue(unit))
        default:
            throw FundingDenominationMismatch(currency: currency, unit: unit)
        }
    }

    func amount(_ units: Int64) -> Components.Schemas.Amount {
        switch self {
        case .cash(let currency): .init(currency: currency.rawValue, amount: Money(minorUnits: units, currency: currency).decimalString)
        case .inKind(let unit): .init(unit: unit, quantity: units)
        }
    }

    var currency: String? {
        if case .cash(let currency) = self { return currency.rawValue }
        return nil
    }

    var unit: Components.Schemas.InKindUnit? {
        if case .inKind(let unit) = self { return unit }
        return nil
    }
}

private struct FundingDenominationMismatch: Error, CustomStringConvertible {
    var currency: String?
    var unit: String?
    var description: String { "A funding row has currency \(currency ?? "null") and unit \(unit ?? "null"); exactly one is set." }
}
