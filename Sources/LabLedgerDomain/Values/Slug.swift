/// The slug grammar shared by every id we mint: `^[a-z0-9][a-z0-9-]{1,62}$`. Lower-case UUIDs
/// fit it too, so an id can be a readable slug (`tencent`) or a generated UUID.
enum Slug {
    static func validate(_ text: String, value: String) throws(ValueError) {
        let scalars = Array(text.unicodeScalars)
        guard (2...63).contains(scalars.count) else {
            throw ValueError(
                code: "\(value).invalid-length",
                message: "\(IndefiniteArticle.before(value.replacingOccurrences(of: "-", with: " "), capitalized: true)) is 2 to 63 characters long; '\(text)' has \(scalars.count).")
        }
        let first = scalars[0]
        guard isLowerAlphanumeric(first) else {
            throw ValueError(
                code: "\(value).invalid-format",
                message: "\(IndefiniteArticle.before(value.replacingOccurrences(of: "-", with: " "), capitalized: true)) starts with a lower-case letter or digit; '\(text)' does not.")
        }
        guard scalars.allSatisfy({ isLowerAlphanumeric($0) || $0 == "-" }) else {
            throw ValueError(
                code: "\(value).invalid-format",
                message: "\(IndefiniteArticle.before(value.replacingOccurrences(of: "-", with: " "), capitalized: true)) holds only a-z, 0-9 and '-'; '\(text)' holds something else.")
        }
    }

    private static func isLowerAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}

/// An id in the shared slug grammar. A new id type is one line:
/// `public struct OutputID: SlugID { public let rawValue: String; public init(validated rawValue: String) { self.rawValue = rawValue } ; public static let valueName = "output-id" }`.
public protocol SlugID: ValidatedString, Comparable {
    /// The name used in error codes, e.g. `party-id`.
    static var valueName: String { get }
    /// Only for text that already passed `Slug` validation; call `init(parsing:)` instead.
    init(validated rawValue: String)
}

extension SlugID {
    public init(parsing text: String) throws(ValueError) {
        try Slug.validate(text, value: Self.valueName)
        self.init(validated: text)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
