import Foundation

/// A published patent document: office + serial number + WIPO ST.16 kind code, e.g.
/// `CN117928705A` (a published application) or `US10000000B2` (a granted patent). It is a
/// different type from `PatentApplicationNumber` so the two can never be confused.
public struct PatentNumber: ValidatedString {
    public let office: PatentOffice
    public let number: String
    /// `A`, `A1`, `B`, `B2`, `U`, ...: what stage of publication the document is.
    public let kindCode: String

    public init(parsing text: String) throws(ValueError) {
        let compact = PatentText.compact(text)
        let office = try PatentText.office(of: compact, valueName: "patent-number", original: text)
        let rest = compact.dropFirst(2)
        guard let kindStart = rest.firstIndex(where: { ("A"..."Z").contains($0) }) else {
            throw ValueError(code: "patent-number.missing-kind-code", message: "A publication number ends with a kind code (A, B2, ...); '\(text)' has none — is it an application number?")
        }
        let number = rest[..<kindStart]
        let kind = rest[kindStart...]
        guard PatentText.isDigits(number), (4...13).contains(number.count) else {
            throw ValueError(code: "patent-number.invalid-format", message: "A publication number has 4 to 13 digits before its kind code; '\(text)' does not.")
        }
        guard kind.count <= 2, kind.dropFirst().allSatisfy({ ("0"..."9").contains($0) }) else {
            throw ValueError(code: "patent-number.invalid-kind-code", message: "A kind code is a letter and an optional digit; '\(kind)' in '\(text)' is not.")
        }
        self.office = office
        self.number = String(number)
        self.kindCode = String(kind)
    }

    public var rawValue: String { office.rawValue + number + kindCode }
}

/// The number an office gives an application when it is filed, e.g. `CN202311234567.8`
/// (Chinese numbers carry a check digit after the point) or `US16123456`. It carries no
/// kind code; that is what tells it apart from a publication number.
public struct PatentApplicationNumber: ValidatedString {
    public let office: PatentOffice
    public let serial: String
    public let checkCharacter: Character?

    public init(parsing text: String) throws(ValueError) {
        let compact = PatentText.compact(text)
        let office = try PatentText.office(of: compact, valueName: "patent-application-number", original: text)
        let rest = compact.dropFirst(2)
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        if let last = parts.last?.last, ("A"..."Z").contains(last), last != "X" || parts.count == 1 {
            throw ValueError(code: "patent-application-number.has-kind-code", message: "'\(text)' ends with a kind code; that is a publication number, not an application number.")
        }
        guard parts.count <= 2, PatentText.isDigits(parts[0]), (6...14).contains(parts[0].count) else {
            throw ValueError(code: "patent-application-number.invalid-format", message: "An application number has 6 to 14 digits after its office; '\(text)' does not.")
        }
        var check: Character?
        if parts.count == 2 {
            guard parts[1].count == 1, let character = parts[1].first, character == "X" || character.isNumber else {
                throw ValueError(code: "patent-application-number.invalid-format", message: "An application number's check character is one digit or X; '\(text)' has '\(parts[1])'.")
            }
            check = character
        }
        self.office = office
        self.serial = String(parts[0])
        self.checkCharacter = check
    }

    public var rawValue: String {
        office.rawValue + serial + (checkCharacter.map { ".\($0)" } ?? "")
    }
}
