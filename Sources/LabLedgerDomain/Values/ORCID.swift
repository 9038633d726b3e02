/// An ORCID iD, 16 characters shown as `0000-0002-1825-0097`; the last is an ISO 7064
/// MOD 11-2 check digit (0-9 or X).
public struct ORCID: ValidatedString {
    /// Always the hyphenated form with an upper-case X.
    public let rawValue: String

    /// Accepts the hyphenated form, the bare 16 characters, or the `https://orcid.org/` URL.
    public init(parsing text: String) throws(ValueError) {
        var body = text.uppercased()
        for prefix in ["HTTPS://ORCID.ORG/", "HTTP://ORCID.ORG/"] where body.hasPrefix(prefix) {
            body.removeFirst(prefix.count)
            break
        }
        let characters = Array(body)
        let bare: [Character]
        if characters.count == 19 {
            guard [4, 9, 14].allSatisfy({ characters[$0] == "-" }) else {
                throw ValueError(code: "orcid.invalid-format", message: "An ORCID iD is four groups of four joined by '-'; '\(text)' is not.")
            }
            bare = characters.filter { $0 != "-" }
        } else {
            bare = characters
        }
        guard bare.count == 16 else {
            throw ValueError(code: "orcid.invalid-length", message: "An ORCID iD has 16 characters; '\(text)' does not.")
        }
        var digits: [Int] = []
        for character in bare.prefix(15) {
            guard character.isASCII, let digit = character.wholeNumberValue else {
                throw ValueError(code: "orcid.invalid-format", message: "The first 15 characters of an ORCID iD are digits; '\(text)' has '\(character)'.")
            }
            digits.append(digit)
        }
        let expected = Self.checkCharacter(for: digits)
        guard let last = bare.last, last == expected else {
            throw ValueError(code: "orcid.invalid-check-digit", message: "'\(text)' fails the ORCID check digit (expected \(expected)).")
        }
        let plain = String(bare)
        rawValue = [0, 4, 8, 12]
            .map { offset in String(plain.dropFirst(offset).prefix(4)) }
            .joined(separator: "-")
    }

    public var url: String { "https://orcid.org/\(rawValue)" }

    static func checkCharacter(for digits: [Int]) -> Character {
        let total = digits.reduce(0) { ($0 + $1) * 2 }
        let result = (12 - total % 11) % 11
        return result == 10 ? "X" : Character(String(result))
    }
}
