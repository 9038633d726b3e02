/// A Research Organization Registry id, `https://ror.org/0` + 6 Crockford base32 characters +
/// a 2-digit ISO 7064 mod 97-10 checksum over the number those 7 characters encode
/// (checked against real ids: 02zhqgq86 HKU, 00t33hh48 CUHK).
public struct ROR: ValidatedString {
    public static let prefix = "https://ror.org/"
    /// The full URL, always lower case: `https://ror.org/02zhqgq86`.
    public let rawValue: String

    /// Accepts the full URL (http or https, any case) or the bare 9-character id.
    public init(parsing text: String) throws(ValueError) {
        var id = text.lowercased()
        for prefix in ["https://ror.org/", "http://ror.org/", "ror.org/"] where id.hasPrefix(prefix) {
            id.removeFirst(prefix.count)
            break
        }
        let characters = Array(id)
        guard characters.count == 9 else {
            throw ValueError(code: "ror.invalid-length", message: "A ROR id is 9 characters after https://ror.org/; '\(text)' is not.")
        }
        guard characters[0] == "0" else {
            throw ValueError(code: "ror.invalid-format", message: "A ROR id starts with '0'; '\(text)' does not.")
        }
        var number = 0
        for character in characters[0..<7] {
            guard let digit = Self.crockford.firstIndex(of: character) else {
                throw ValueError(
                    code: "ror.invalid-format",
                    message: "'\(character)' in '\(text)' is not a Crockford base32 character.")
            }
            number = number * 32 + digit
        }
        guard let checksum = Int(String(characters[7...])), characters[7...].allSatisfy(\.isASCII) else {
            throw ValueError(code: "ror.invalid-format", message: "A ROR id ends with two checksum digits; '\(text)' does not.")
        }
        let expected = Self.checksum(of: number)
        guard checksum == expected else {
            throw ValueError(code: "ror.invalid-checksum", message: "'\(text)' fails the ROR checksum (expected \(expected)).")
        }
        rawValue = Self.prefix + id
    }

    /// The 9-character id without the URL prefix.
    public var id: String { String(rawValue.dropFirst(Self.prefix.count)) }

    /// ISO 7064 mod 97-10: the two digits that make `number * 100 + checksum ≡ 1 (mod 97)`.
    static func checksum(of number: Int) -> Int { 98 - (number * 100) % 97 }

    // Crockford base32 leaves out i, l, o and u so they cannot be misread.
    private static let crockford = Array("0123456789abcdefghjkmnpqrstvwxyz")
}
