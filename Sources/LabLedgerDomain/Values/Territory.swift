/// Where a licence or a right applies: one country, or the whole world.
/// JSON: the alpha-2 code, or `WORLD`.
public enum Territory: Hashable, Sendable, Comparable, ValidatedString {
    case world
    case country(CountryCode)

    public init(parsing text: String) throws(ValueError) {
        if text == "WORLD" {
            self = .world
            return
        }
        do {
            self = .country(try CountryCode(parsing: text))
        } catch {
            throw ValueError(code: "territory.\(error.reason)", message: "A territory is an ISO 3166-1 alpha-2 code or WORLD: \(error.message)")
        }
    }

    public var rawValue: String {
        switch self {
        case .world: "WORLD"
        case .country(let code): code.rawValue
        }
    }

    public static func < (lhs: Territory, rhs: Territory) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether every place in `other` is also in `self`.
    public func covers(_ other: Territory) -> Bool {
        self == .world || self == other
    }

    public func overlaps(_ other: Territory) -> Bool {
        covers(other) || other.covers(self)
    }

    /// Whether any territory of one list shares a place with any of the other.
    public static func overlaps(_ lhs: some Sequence<Territory>, _ rhs: some Sequence<Territory>) -> Bool {
        let right = Array(rhs)
        return lhs.contains { left in right.contains { left.overlaps($0) } }
    }
}
