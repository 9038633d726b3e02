import Foundation

/// A patent office by its WIPO ST.3 code: a national office (its ISO 3166-1 code) or a
/// regional one (EP, WO for PCT, EA, AP, OA, GC).
public struct PatentOffice: ValidatedString, Comparable {
    public let rawValue: String

    public init(parsing text: String) throws(ValueError) {
        guard Self.regional.contains(text) || CountryCode.assigned.contains(text) else {
            throw ValueError(code: "patent-office.unknown", message: "'\(text)' is not a WIPO ST.3 patent office code.")
        }
        rawValue = text
    }

    public static func < (lhs: PatentOffice, rhs: PatentOffice) -> Bool { lhs.rawValue < rhs.rawValue }

    static let regional: Set<String> = ["EP", "WO", "EA", "AP", "OA", "GC"]
}

/// Shared cleanup: people write `CN 117928705 A` or `US16/123,456`; the canonical form has no
/// spaces, slashes or commas and is upper case.
enum PatentText {
    static func compact(_ text: String) -> String {
        String(text.uppercased().filter { $0 != " " && $0 != "/" && $0 != "," })
    }

    /// The longest number accepted as written, spaces and separators included; the canonical
    /// forms are at most 19 characters.
    static let maxInputLength = 40

    static func office(of compact: String, valueName: String, original: String) throws(ValueError) -> PatentOffice {
        guard original.unicodeScalars.count <= maxInputLength else {
            throw ValueError(code: "\(valueName).too-long", message: "\(IndefiniteArticle.before(valueName.replacingOccurrences(of: "-", with: " "), capitalized: true)) is at most \(maxInputLength) characters as written.")
        }
        guard compact.count > 2 else {
            throw ValueError(code: "\(valueName).invalid-format", message: "'\(original)' is too short to be \(IndefiniteArticle.before(valueName.replacingOccurrences(of: "-", with: " "))).")
        }
        do {
            return try PatentOffice(parsing: String(compact.prefix(2)))
        } catch {
            throw ValueError(code: "\(valueName).unknown-office", message: error.message)
        }
    }

    static func isDigits(_ text: Substring) -> Bool { !text.isEmpty && text.allSatisfy { ("0"..."9").contains($0) } }
}
