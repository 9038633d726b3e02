/// What a contribution in kind is counted in. Cloud credits denominated in money are cash
/// (`Money`), not a unit here.
public enum InKindUnit: String, Sendable, Hashable, Codable, CaseIterable {
    case gpuHours = "gpu_hours"
    case cpuCoreHours = "cpu_core_hours"
    case storageTerabyteMonths = "storage_terabyte_months"
    case squareMetres = "square_metres"
    case deskMonths = "desk_months"
    case mentoringHours = "mentoring_hours"
    /// Hours of engineers' technical support (an accelerator's support from a research arm).
    case supportHours = "support_hours"
    /// Months of one seat on a software platform (a deep-learning platform given to a startup).
    case platformSeatMonths = "platform_seat_months"
}

/// A whole number of in-kind units. Like `Money`, arithmetic refuses to mix units and to
/// overflow; it can never be combined with cash.
public struct InKindQuantity: Hashable, Sendable, Codable, CustomStringConvertible {
    public let unit: InKindUnit
    public let quantity: Int64

    public init(_ quantity: Int64, _ unit: InKindUnit) {
        self.quantity = quantity
        self.unit = unit
    }

    public static func zero(_ unit: InKindUnit) -> InKindQuantity { InKindQuantity(0, unit) }

    public var isZero: Bool { quantity == 0 }
    public var isPositive: Bool { quantity > 0 }

    public func adding(_ other: InKindQuantity) throws(ValueError) -> InKindQuantity {
        try requireSameUnit(other)
        let (sum, overflow) = quantity.addingReportingOverflow(other.quantity)
        guard !overflow else {
            throw ValueError(code: "in-kind.overflow", message: "\(self) + \(other) does not fit in 64 bits.")
        }
        return InKindQuantity(sum, unit)
    }

    public func subtracting(_ other: InKindQuantity) throws(ValueError) -> InKindQuantity {
        try requireSameUnit(other)
        let (difference, overflow) = quantity.subtractingReportingOverflow(other.quantity)
        guard !overflow else {
            throw ValueError(code: "in-kind.overflow", message: "\(self) - \(other) does not fit in 64 bits.")
        }
        return InKindQuantity(difference, unit)
    }

    private func requireSameUnit(_ other: InKindQuantity) throws(ValueError) {
        guard unit == other.unit else {
            throw ValueError(code: "in-kind.unit-mismatch", message: "Cannot combine \(unit.rawValue) with \(other.unit.rawValue).")
        }
    }

    public var description: String { "\(quantity) \(unit.rawValue)" }
}
