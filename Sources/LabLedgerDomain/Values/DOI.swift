import Foundation

/// A Digital Object Identifier `10.<4-9 digits>/<suffix>`. DOIs are case-insensitive, so two
/// DOIs are equal when their lower-cased forms are; the spelling first given is kept for display.
public struct DOI: ValidatedString {
    /// As given, without `doi:` or a resolver URL.
    public let rawValue: String

    /// The form used for equality and uniqueness checks.
    public var normalized: String { rawValue.lowercased() }

    /// The longest DOI accepted, in Unicode scalars (`outputs_doi` indexes it: at most 1,200
    /// bytes). Real DOIs are far shorter; Crossref's longest are under 200.
    public static let maxLength = 300

    public init(parsing text: String) throws(ValueError) {
        try self.init(parsing: text, bounded: true)
    }

    /// Decoding a stored DOI skips the length limit, added later: a DOI stored before it still reads.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text, bounded: false)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    private init(parsing text: String, bounded: Bool) throws(ValueError) {
        // Every stored output with a DOI is read through here: a valid DOI in ASCII without
        // surrounding blanks is taken from its bytes (about 52,000 instructions through
        // Foundation's trimming and `Character`s before), everything else, errors included, by
        // the general reading below.
        if let body = Self.asciiBody(text, bounded: bounded) {
            self.init(validated: body)
            return
        }
        try self.init(generalParsing: text, bounded: bounded)
    }

    private init(validated body: String) {
        rawValue = body
    }

    /// The DOI without its `doi:` or resolver prefix, for a valid DOI written in ASCII with no
    /// blank at either end; nil for anything else, valid or not, which the general reading judges.
    static func asciiBody(_ text: String, bounded: Bool) -> String? {
        ASCIIBytes.read(text) { bytes -> String? in
            let blank = { (byte: UInt8) in byte == 0x20 || (0x09...0x0D).contains(byte) }
            guard let first = bytes.first, let last = bytes.last, !blank(first), !blank(last),
                bytes.allSatisfy({ $0 < 0x80 }), !bounded || bytes.count <= maxLength + 19
            else { return nil }
            let start = ASCIIBytes.prefixLength(of: bytes, among: resolverPrefixes)
            let body = bytes[start...]
            guard let slash = body.firstIndex(of: UInt8(ascii: "/")) else { return nil }
            let registrant = body[start..<slash]
            guard registrant.starts(with: directoryIndicator) else { return nil }
            let digits = registrant.dropFirst(3)
            guard (4...9).contains(digits.count), digits.allSatisfy(ASCIIBytes.isDigit) else { return nil }
            let suffix = body[(slash + 1)...]
            guard !suffix.isEmpty, !suffix.contains(where: blank), !bounded || body.count <= maxLength else { return nil }
            return String(decoding: body, as: UTF8.self)
        }
    }

    private static let directoryIndicator = Array("10.".utf8)
    private static let resolverPrefixes = ["doi:", "https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/"].map { Array($0.utf8) }

    /// The reading of any text, with an error naming what is wrong.
    init(generalParsing text: String, bounded: Bool) throws(ValueError) {
        var body = text.trimmingCharacters(in: .whitespaces)
        guard !bounded || body.unicodeScalars.count <= Self.maxLength + 19 else {
            throw ValueError(code: "doi.too-long", message: "A DOI is at most \(Self.maxLength) characters.")
        }
        let lowered = body.lowercased()
        for prefix in ["doi:", "https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/"]
        where lowered.hasPrefix(prefix) {
            body.removeFirst(prefix.count)
            break
        }
        guard let slash = body.firstIndex(of: "/") else {
            throw ValueError(code: "doi.missing-suffix", message: "A DOI is '10.<registrant>/<suffix>'; '\(text)' has no '/'.")
        }
        let prefix = body[..<slash]
        let suffix = body[body.index(after: slash)...]
        guard prefix.hasPrefix("10.") else {
            throw ValueError(code: "doi.invalid-prefix", message: "A DOI starts with '10.'; '\(text)' does not.")
        }
        let registrant = prefix.dropFirst(3)
        guard (4...9).contains(registrant.count), registrant.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ValueError(code: "doi.invalid-prefix", message: "A DOI registrant code is 4 to 9 digits; '\(registrant)' in '\(text)' is not.")
        }
        guard !suffix.isEmpty else {
            throw ValueError(code: "doi.missing-suffix", message: "A DOI has a suffix after '/'; '\(text)' does not.")
        }
        guard !suffix.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw ValueError(code: "doi.invalid-suffix", message: "A DOI suffix holds no spaces; '\(text)' does.")
        }
        guard !bounded || body.unicodeScalars.count <= Self.maxLength else {
            throw ValueError(code: "doi.too-long", message: "A DOI is at most \(Self.maxLength) characters; this has \(body.unicodeScalars.count).")
        }
        rawValue = body
    }

    public var url: String { "https://doi.org/\(rawValue)" }

    public static func == (lhs: DOI, rhs: DOI) -> Bool { lhs.normalized == rhs.normalized }
    public func hash(into hasher: inout Hasher) { hasher.combine(normalized) }
}
