import LabLedgerDomain

/// How an `Amount` is spread over flat columns: `kind` says cash or in kind, exactly one of
/// `currency` and `unit` is set, and `units` is minor units of the currency or whole in-kind
/// units, so sums stay exact bigints and never mix denominations when grouped by all three.
struct FundingAmountColumns: Equatable {
    let kind: String
    let currency: String?
    let unit: String?
    let units: Int64

    init(_ amount: Amount) {
        switch amount {
        case .cash(let money):
            self.init(kind: "cash", currency: money.currency.rawValue, unit: nil, units: money.minorUnits)
        case .inKind(let quantity):
            self.init(kind: "in_kind", currency: nil, unit: quantity.unit.rawValue, units: quantity.quantity)
        }
    }

    private init(kind: String, currency: String?, unit: String?, units: Int64) {
        self.kind = kind
        self.currency = currency
        self.unit = unit
        self.units = units
    }
}
