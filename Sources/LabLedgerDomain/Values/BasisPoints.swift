/// A share in basis points, 0...10000 (10000 = 100%). Shares are integers so that a split
/// sums to exactly 100%, never to 99.99999%.
public struct BasisPoints: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public static let whole = 10_000
    public let rawValue: Int

    public init(_ value: Int) throws(ValueError) {
        guard (0...Self.whole).contains(value) else {
            throw ValueError(code: "basis-points.out-of-range", message: "A share is 0 to 10000 basis points; \(value) is not.")
        }
        rawValue = value
    }

    public static let zero = BasisPoints(unchecked: 0)
    public static let hundredPercent = BasisPoints(unchecked: whole)

    private init(unchecked value: Int) { rawValue = value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(Int.self)
        do {
            try self.init(value)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (lhs: BasisPoints, rhs: BasisPoints) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "\(rawValue) bp" }

    /// Whether the shares add up to exactly 100%. Each share is at most 10000, so the sum of
    /// any list that fits in memory fits in `Int`.
    public static func sumsToWhole(_ shares: some Sequence<BasisPoints>) -> Bool {
        total(shares) == whole
    }

    public static func total(_ shares: some Sequence<BasisPoints>) -> Int {
        shares.reduce(0) { $0 + $1.rawValue }
    }

    /// Refuses a split that does not total exactly 10000 basis points.
    public static func requireWhole(_ shares: some Sequence<BasisPoints>) throws(ValueError) {
        let sum = total(shares)
        guard sum == whole else {
            throw ValueError(code: "basis-points.must-total-100-percent", message: "Shares must total 10000 basis points; these total \(sum).")
        }
    }
}

/// A party's or a person's share of something, in basis points.
public typealias Share = BasisPoints
