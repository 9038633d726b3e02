/// An ORCID iD, 16 characters shown as `0000-0002-1825-0097`; the last is an ISO 7064
/// MOD 11-2 check digit (0-9 or X).
public struct ORCID: ValidatedString {
    /// Always the hyphenated form with an upper-case X.
    public let rawValue: String

    /// Accepts the hyphenated form, the bare 16 characters, or the `https://orcid.org/` URL.
    public init(parsing text: String) throws(ValueError) {
        // Every contributor and inventor of every stored event is read through here: a valid iD
        // in ASCII is taken from its bytes (about 40,000 instructions through `Character`s
        // before), and everything else, errors included, from the general reading below.
        if let canonical = Self.canonicalASCII(text) {
            self.init(canonical: canonical)
            return
        }
        try self.init(generalParsing: text)
    }

    private init(canonical: String) {
        rawValue = canonical
    }

    /// The hyphenated form of a valid iD written in ASCII in one of the accepted forms (either
    /// case); nil for anything else, valid or not, which the general reading then judges.
    static func canonicalASCII(_ text: String) -> String? {
        ASCIIBytes.read(text) { bytes -> String? in
            let body = bytes[ASCIIBytes.prefixLength(of: bytes, among: Self.urlPrefixes)...]
            // 19 with hyphens after each group of four, or the bare 16.
            let hyphenated = body.count == 19
            guard hyphenated || body.count == 16 else { return nil }
            var characters: [UInt8] = []
            characters.reserveCapacity(16)
            for (offset, byte) in body.enumerated() {
                if hyphenated, offset % 5 == 4 {
                    guard byte == UInt8(ascii: "-") else { return nil }
                    continue
                }
                characters.append(byte)
            }
            var total = 0
            for byte in characters.prefix(15) {
                guard ASCIIBytes.isDigit(byte) else { return nil }
                total = (total + Int(byte - UInt8(ascii: "0"))) * 2
            }
            let result = (12 - total % 11) % 11
            let check = result == 10 ? UInt8(ascii: "X") : UInt8(ascii: "0") + UInt8(result)
            // Upper-cased, as the general reading does: a lower-case x check digit is accepted.
            let last = characters[15] == UInt8(ascii: "x") ? UInt8(ascii: "X") : characters[15]
            guard last == check else { return nil }
            characters[15] = last
            return String(unsafeUninitializedCapacity: 19) { buffer in
                var written = 0
                for (index, byte) in characters.enumerated() {
                    if index > 0, index % 4 == 0 {
                        buffer[written] = UInt8(ascii: "-")
                        written += 1
                    }
                    buffer[written] = byte
                    written += 1
                }
                return written
            }
        }
    }

    private static let urlPrefixes = ["https://orcid.org/", "http://orcid.org/"].map { Array($0.utf8) }

    /// The reading of any text, with an error naming what is wrong.
    init(generalParsing text: String) throws(ValueError) {
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
