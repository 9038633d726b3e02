/// A half-open period `[from, to)`: `from` is the first day inside, `to` the first day after.
/// A missing `to` is open-ended. Half-open periods tile without gaps or double-counted days:
/// `[Jan 1, Feb 1)` and `[Feb 1, Mar 1)` meet but do not overlap.
public struct DateRange: Hashable, Sendable, Codable, CustomStringConvertible {
    public let from: LocalDate
    public let to: LocalDate?

    public init(from: LocalDate, to: LocalDate?) throws(ValueError) {
        if let to, to <= from {
            throw ValueError(
                code: "date-range.empty",
                message: "A period ends after it starts; [\(from), \(to)) holds no day.")
        }
        self.from = from
        self.to = to
    }

    public static func starting(_ from: LocalDate) -> DateRange { DateRange(uncheckedFrom: from, to: nil) }

    private init(uncheckedFrom from: LocalDate, to: LocalDate?) {
        self.from = from
        self.to = to
    }

    public var isOpenEnded: Bool { to == nil }

    public func contains(_ date: LocalDate) -> Bool {
        from <= date && to.map { date < $0 } ?? true
    }

    /// Whether every day of `other` lies inside `self`.
    public func contains(_ other: DateRange) -> Bool {
        guard from <= other.from else { return false }
        guard let to else { return true }
        guard let otherTo = other.to else { return false }
        return otherTo <= to
    }

    public func overlaps(_ other: DateRange) -> Bool {
        let startsBeforeOtherEnds = other.to.map { from < $0 } ?? true
        let otherStartsBeforeSelfEnds = to.map { other.from < $0 } ?? true
        return startsBeforeOtherEnds && otherStartsBeforeSelfEnds
    }

    /// The same start with a new end, e.g. a term extended by an amendment.
    public func ending(_ newEnd: LocalDate?) throws(ValueError) -> DateRange {
        try DateRange(from: from, to: newEnd)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let from = try container.decode(LocalDate.self, forKey: .from)
        let to = try container.decodeIfPresent(LocalDate.self, forKey: .to)
        do {
            try self.init(from: from, to: to)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .to, in: container, debugDescription: error.description)
        }
    }

    public var description: String { "[\(from), \(to.map(\.rawValue) ?? "…"))" }
}
