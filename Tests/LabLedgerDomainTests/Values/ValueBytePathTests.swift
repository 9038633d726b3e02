import Foundation
import PropertyBased
import Testing

@testable import LabLedgerDomain

/// Dates, ORCID iDs and DOIs are read from their bytes when they have the common shape; the
/// general reading judges everything else. Inputs are drawn from a fixed seed, so a failure
/// reproduces. These hold the two to the same answers, value or error.
@Suite("Dates, ORCID iDs and DOIs read from their bytes agree with the general reading")
struct ValueBytePathTests {
    /// Characters that a mutation puts in: digits, separators, letters of both cases, and
    /// non-ASCII text whose upper case is ASCII (`ſ` → `S`, `ı` → `I`) or which is a digit elsewhere.
    static let alphabet: [String] = ["0", "1", "5", "9", "-", "x", "X", "a", "/", ":", ".", " ", "\u{1A}", "ſ", "ı", "٣", "é", "e\u{301}", "1\u{303}"]

    static func mutated(_ text: String, using random: inout Xoshiro) -> String {
        var characters = Array(text)
        switch random.next() % 4 {
        case 0 where !characters.isEmpty:
            characters[Int(random.next() % UInt64(characters.count))] = Character(alphabet.randomElement(using: &random)!)
        case 1:
            characters.insert(Character(alphabet.randomElement(using: &random)!), at: Int(random.next() % UInt64(characters.count + 1)))
        case 2 where !characters.isEmpty:
            characters.remove(at: Int(random.next() % UInt64(characters.count)))
        default:
            break
        }
        return String(characters)
    }

    static func outcome<V: Equatable>(_ read: () throws(ValueError) -> V) -> Result<V, ValueError> {
        do { return .success(try read()) } catch { return .failure(error) }
    }

    @Test("every date of four centuries and of the calendar's edges prints as YYYY-MM-DD and reads back the same both ways")
    func datesRoundTrip() throws {
        var day = try LocalDate(parsing: "1900-01-01")
        let end = try LocalDate(parsing: "2300-01-01")
        var checked = 0
        while day < end {
            let text = day.rawValue
            #expect(text == String(format: "%04ld-%02ld-%02ld", day.year, day.month, day.day))
            #expect(Self.outcome { () throws(ValueError) in try LocalDate(parsing: text) } == .success(day))
            #expect(Self.outcome { () throws(ValueError) in try LocalDate(generalParsing: text) } == .success(day))
            day = try day.adding(days: 1)
            checked += 1
        }
        #expect(checked == 146_097)
        for text in ["0001-01-01", "0999-12-31", "1000-01-01", "9999-12-31"] {
            #expect(try LocalDate(parsing: text).rawValue == text)
        }
    }

    @Test("mutated and malformed dates get the same answer, value or error, from the bytes and from the general reading")
    func datesAgree() {
        var random = Xoshiro(seed: (20_261_206, 1, 2, 3))
        let seeds = ["2018-05-21", "2020-02-29", "2019-02-29", "0000-01-01", "9999-12-31", "2018-13-01", "2018-00-10", "2018-5-21", "+018-05-21", "", "2018-05-21T00:00:00Z"]
        var inputs = seeds
        for _ in 0..<20_000 {
            var text = seeds.randomElement(using: &random)!
            for _ in 0...(random.next() % 3) { text = Self.mutated(text, using: &random) }
            inputs.append(text)
        }
        for text in inputs {
            let fast = Self.outcome { () throws(ValueError) in try LocalDate(parsing: text) }
            let general = Self.outcome { () throws(ValueError) in try LocalDate(generalParsing: text) }
            #expect(fast == general, "\(text.debugDescription)")
        }
    }

    @Test("valid ORCID iDs in every accepted form, and their mutations, get the same answer from the bytes and from the general reading")
    func orcidsAgree() {
        var random = Xoshiro(seed: (6_122_026, 1, 2, 3))
        var inputs: [String] = ["0000-0002-1825-0097", "0000-0002-1694-233x", "https://orcid.org/0000-0002-1825-0097", "HTTP://ORCID.ORG/0000000218250097", "httpſ://orcid.org/0000-0002-1825-0097", ""]
        for _ in 0..<4_000 {
            let digits = (0..<15).map { _ in Int(random.next() % 10) }
            let total = digits.reduce(0) { ($0 + $1) * 2 }
            let result = (12 - total % 11) % 11
            let bare = digits.map(String.init).joined() + (result == 10 ? (random.next() % 2 == 0 ? "X" : "x") : String(result))
            let groups = stride(from: 0, to: 16, by: 4).map { String(Array(bare)[$0..<$0 + 4]) }
            var text = random.next() % 2 == 0 ? groups.joined(separator: "-") : bare
            switch random.next() % 4 {
            case 0: text = "https://orcid.org/" + text
            case 1: text = "HTTP://Orcid.Org/" + text
            default: break
            }
            inputs.append(text)
            var broken = text
            for _ in 0...(random.next() % 2) { broken = Self.mutated(broken, using: &random) }
            inputs.append(broken)
        }
        var valid = 0
        for text in inputs {
            let fast = Self.outcome { () throws(ValueError) in try ORCID(parsing: text) }
            let general = Self.outcome { () throws(ValueError) in try ORCID(generalParsing: text) }
            #expect(fast == general, "\(text.debugDescription)")
            if case .success = fast { valid += 1 }
        }
        // Both kinds were exercised: most generated iDs are valid, most mutations are not.
        #expect(valid > 4_000 && valid < inputs.count - 1_000)
    }

    @Test("DOIs in every accepted form, and their mutations, get the same answer from the bytes and from the general reading, bounded or not")
    func doisAgree() throws {
        var random = Xoshiro(seed: (10_005_000, 1, 2, 3))
        let prefixes = ["", "doi:", "DOI:", "https://doi.org/", "HTTP://DOI.ORG/", "https://dx.doi.org/", "http://dx.doi.org/", " ", "\t"]
        let suffixes = ["nature12373", "j.cell.2018.05.021", "S0140-6736(20)30183-5", "ABC/def/ghi", "x", "a b", "é"]
        var inputs: [String] = ["10.1038/nature12373", "10.123/abc", "10.1234567890/abc", "10.1234/", "11.1234/abc", "10.1234", "", " 10.1234/abc ",
                                "10.1234/" + String(repeating: "a", count: 292), "10.1234/" + String(repeating: "a", count: 293),
                                "https://doi.org/10.1234/" + String(repeating: "a", count: 292)]
        for _ in 0..<6_000 {
            let registrant = (0..<(3 + Int(random.next() % 8))).map { _ in String(random.next() % 10) }.joined()
            var text = prefixes.randomElement(using: &random)! + "10." + registrant + "/" + suffixes.randomElement(using: &random)!
            if random.next() % 3 == 0 { text = Self.mutated(text, using: &random) }
            inputs.append(text)
        }
        var valid = 0
        for text in inputs {
            for bounded in [true, false] {
                let fast = Self.outcome { () throws(ValueError) in
                    guard let body = DOI.asciiBody(text, bounded: bounded) else { return try DOI(generalParsing: text, bounded: bounded).rawValue }
                    return body
                }
                let general = Self.outcome { () throws(ValueError) in try DOI(generalParsing: text, bounded: bounded).rawValue }
                #expect(fast == general, "\(text.debugDescription), bounded: \(bounded)")
                if bounded, case .success = fast, DOI.asciiBody(text, bounded: true) != nil { valid += 1 }
            }
        }
        // The byte path took most valid DOIs, and plenty of inputs were refused.
        #expect(valid > 1_000 && valid < inputs.count - 1_000)
        #expect(try DOI(parsing: "doi:10.1038/Nature12373").rawValue == "10.1038/Nature12373")
    }
}
