import Foundation

/// A field of use of a licence or an option, as a normalised slug (`computer-vision`,
/// `medical-imaging`). Normalising (case, spaces, underscores) makes "Computer Vision" and
/// "computer_vision" the same field, so overlap checks cannot be dodged by spelling.
public struct FieldOfUse: ValidatedString, Comparable {
    public let rawValue: String

    /// The field that covers every field: a licence "for all fields of use".
    public static let allFields = FieldOfUse(normalized: "all-fields")

    /// The longest text accepted before normalising, in Unicode scalars.
    public static let maxInputLength = 200

    public init(parsing text: String) throws(ValueError) {
        guard text.unicodeScalars.count <= Self.maxInputLength else {
            throw ValueError(code: "field-of-use.too-long", message: "A field of use is at most \(Self.maxInputLength) characters as written.")
        }
        var slug = ""
        var pendingDash = false
        for character in text.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                if pendingDash && !slug.isEmpty { slug.append("-") }
                pendingDash = false
                slug.append(character)
            } else if character == " " || character == "-" || character == "_" {
                pendingDash = true
            } else {
                throw ValueError(code: "field-of-use.invalid-character", message: "A field of use holds letters, digits, spaces, '-' and '_'; '\(text)' has '\(character)'.")
            }
        }
        guard !slug.isEmpty else {
            throw ValueError(code: "field-of-use.empty", message: "A field of use needs at least one letter or digit.")
        }
        guard slug.count <= 80 else {
            throw ValueError(code: "field-of-use.too-long", message: "A field of use is at most 80 characters once normalised.")
        }
        rawValue = slug
    }

    private init(normalized: String) { rawValue = normalized }

    public static func < (lhs: FieldOfUse, rhs: FieldOfUse) -> Bool { lhs.rawValue < rhs.rawValue }

    public func overlaps(_ other: FieldOfUse) -> Bool {
        self == other || self == .allFields || other == .allFields
    }

    /// Whether any field of one list overlaps any of the other.
    public static func overlaps(_ lhs: some Sequence<FieldOfUse>, _ rhs: some Sequence<FieldOfUse>) -> Bool {
        let right = Array(rhs)
        return lhs.contains { left in right.contains { left.overlaps($0) } }
    }
}
