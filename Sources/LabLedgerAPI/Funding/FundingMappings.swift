import LabLedgerContract
import LabLedgerDomain

extension FundingPurpose {
    init(_ purpose: Components.Schemas.FundingPurpose) {
        switch purpose {
        case .operating: self = .operating
        case .phdStipend: self = .phdStipend
        case .cashGrant: self = .cashGrant
        case .computeCredits: self = .computeCredits
        case .officeSpace: self = .officeSpace
        }
    }
}

extension InKindUnit {
    init(_ unit: Components.Schemas.InKindUnit) {
        switch unit {
        case .gpuHours: self = .gpuHours
        case .cpuCoreHours: self = .cpuCoreHours
        case .storageTerabyteMonths: self = .storageTerabyteMonths
        case .squareMetres: self = .squareMetres
        case .deskMonths: self = .deskMonths
        case .mentoringHours: self = .mentoringHours
        case .supportHours: self = .supportHours
        case .platformSeatMonths: self = .platformSeatMonths
        }
    }
}

extension Fields {
    /// `{currency, amount}` is cash, `{unit, quantity}` in kind; a mix of the two, or half of
    /// either, is refused here with the missing or extra fields named.
    mutating func amount(_ pointer: String, _ raw: Components.Schemas.Amount) -> Amount? {
        let cash = raw.currency != nil || raw.amount != nil
        let inKind = raw.unit != nil || raw.quantity != nil
        switch (cash, inKind) {
        case (true, true):
            fail(pointer, code: "amount.cash-and-in-kind-mixed", "An amount is either cash ({currency, amount}) or in kind ({unit, quantity}), not both.")
            return nil
        case (false, false):
            fail(pointer, code: "amount.required", "An amount is cash ({currency, amount}) or in kind ({unit, quantity}).")
            return nil
        case (true, false):
            if raw.currency == nil { fail("\(pointer)/currency", code: "missing-field", "Cash needs its currency.") }
            if raw.amount == nil { fail("\(pointer)/amount", code: "missing-field", "Cash needs its amount.") }
            let currency = optional("\(pointer)/currency", raw.currency) { try CurrencyCode(parsing: $0) }
            guard let currency, let text = raw.amount else { return nil }
            return value("\(pointer)/amount") { .cash(try Money(parsing: text, currency: currency)) }
        case (false, true):
            if raw.unit == nil { fail("\(pointer)/unit", code: "missing-field", "An in-kind amount needs its unit.") }
            if raw.quantity == nil { fail("\(pointer)/quantity", code: "missing-field", "An in-kind amount needs its quantity.") }
            guard let unit = raw.unit, let quantity = raw.quantity else { return nil }
            return .inKind(InKindQuantity(quantity, InKindUnit(unit)))
        }
    }
}
