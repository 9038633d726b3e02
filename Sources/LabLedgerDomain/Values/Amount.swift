/// What a commitment, a disbursement or a benefit is worth: cash in one currency, or a
/// quantity in kind. The two never mix: adding GPU hours to dollars is refused, not converted.
///
/// JSON: `{"kind":"cash","currency":"HKD","minorUnits":125000}` or
/// `{"kind":"in_kind","unit":"gpu_hours","quantity":5000}`.
public enum Amount: Hashable, Sendable, CustomStringConvertible {
    case cash(Money)
    case inKind(InKindQuantity)

    public var isCash: Bool {
        if case .cash = self { return true }
        return false
    }

    public var isPositive: Bool {
        switch self {
        case .cash(let money): money.isPositive
        case .inKind(let quantity): quantity.isPositive
        }
    }

    public var isZero: Bool {
        switch self {
        case .cash(let money): money.isZero
        case .inKind(let quantity): quantity.isZero
        }
    }

    /// The zero of the same currency or unit, to start a running total.
    public var zero: Amount {
        switch self {
        case .cash(let money): .cash(.zero(money.currency))
        case .inKind(let quantity): .inKind(.zero(quantity.unit))
        }
    }

    /// The signed number of minor units or in-kind units.
    public var units: Int64 {
        switch self {
        case .cash(let money): money.minorUnits
        case .inKind(let quantity): quantity.quantity
        }
    }

    /// The currency or the unit, to check two amounts are of the same sort.
    public var denomination: String {
        switch self {
        case .cash(let money): money.currency.rawValue
        case .inKind(let quantity): quantity.unit.rawValue
        }
    }

    public func adding(_ other: Amount) throws(ValueError) -> Amount {
        switch (self, other) {
        case (.cash(let a), .cash(let b)): return .cash(try a.adding(b))
        case (.inKind(let a), .inKind(let b)): return .inKind(try a.adding(b))
        default: throw Self.mixed(self, other)
        }
    }

    public func subtracting(_ other: Amount) throws(ValueError) -> Amount {
        switch (self, other) {
        case (.cash(let a), .cash(let b)): return .cash(try a.subtracting(b))
        case (.inKind(let a), .inKind(let b)): return .inKind(try a.subtracting(b))
        default: throw Self.mixed(self, other)
        }
    }

    /// Refuses amounts of another currency, another unit, or cash against in-kind.
    public func requireSameDenomination(as other: Amount) throws(ValueError) {
        _ = try subtracting(other.zero)
    }

    private static func mixed(_ a: Amount, _ b: Amount) -> ValueError {
        ValueError(code: "amount.cash-and-in-kind-mixed", message: "Cash (\(a)) and in-kind (\(b)) never mix.")
    }

    public var description: String {
        switch self {
        case .cash(let money): money.description
        case .inKind(let quantity): quantity.description
        }
    }
}

extension Amount: Codable {
    private enum Kind: String, Codable { case cash, inKind = "in_kind" }
    private enum CodingKeys: String, CodingKey { case kind, currency, minorUnits, unit, quantity }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .kind) {
        case .cash:
            self = .cash(Money(
                minorUnits: try container.decode(Int64.self, forKey: .minorUnits),
                currency: try container.decode(CurrencyCode.self, forKey: .currency)))
        case .inKind:
            self = .inKind(InKindQuantity(
                try container.decode(Int64.self, forKey: .quantity),
                try container.decode(InKindUnit.self, forKey: .unit)))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .cash(let money):
            try container.encode(Kind.cash, forKey: .kind)
            try container.encode(money.currency, forKey: .currency)
            try container.encode(money.minorUnits, forKey: .minorUnits)
        case .inKind(let quantity):
            try container.encode(Kind.inKind, forKey: .kind)
            try container.encode(quantity.unit, forKey: .unit)
            try container.encode(quantity.quantity, forKey: .quantity)
        }
    }
}
