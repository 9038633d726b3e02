import Crypto
import Foundation
import Testing
import TestSupport

@testable import LabLedgerPrivacy

/// The sealed plaintext printed without Foundation must be Foundation's text to the byte: the
/// nonce is derived from it, and a retried append must seal to the same part as the first try
/// (or as an earlier version of the code). Foundation itself is the oracle.
@Suite struct SortedJSONTextTests {
    static func foundation(_ value: Any) throws -> [UInt8] {
        Array(try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    /// A small deterministic generator (SplitMix64), so a failure names a seed that reproduces it.
    struct Generator {
        var random: SplitMix64
        /// Strings without the characters JSON must escape, as personal data almost always is.
        var plain = false
        init(state: UInt64, plain: Bool = false) {
            random = SplitMix64(seed: state)
            self.plain = plain
        }
        mutating func next() -> UInt64 { random.next() }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

        /// Every character Foundation escapes or might: controls, quote, backslash, slash, DEL,
        /// Latin, CJK, an emoji, the JavaScript line separators.
        static let characters: [Character] =
            (0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }
            + ["\"", "\\", "/", "\u{7F}", "a", "Z", " ", "é", "ß", "李", "😀", "\u{2028}", "\u{2029}", "@", "."]

        static let plainCharacters = characters.filter { $0 != "\"" && $0 != "\\" && !($0.asciiValue.map { $0 < 0x20 } ?? false) }

        mutating func string() -> String {
            let alphabet = plain ? Self.plainCharacters : Self.characters
            return String((0..<below(12)).map { _ in alphabet[below(alphabet.count)] })
        }

        mutating func key(lettersOnly: Bool) -> String {
            let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
            let others = Array("0123456789_-é")
            let count = 1 + below(8)
            return String((0..<count).map { _ in
                !lettersOnly && below(4) == 0 ? others[below(others.count)] : letters[below(letters.count)]
            })
        }

        mutating func value(depth: Int, lettersOnly: Bool) -> Any {
            switch depth > 2 ? below(2) : below(5) {
            case 0: return string()
            case 1: return below(6) == 0 ? NSNull() : string()
            case 2: return (0..<below(4)).map { _ in value(depth: depth + 1, lettersOnly: lettersOnly) }
            default:
                var object: [String: Any] = [:]
                for _ in 0..<below(6) { object[key(lettersOnly: lettersOnly)] = value(depth: depth + 1, lettersOnly: lettersOnly) }
                return object
            }
        }
    }

    @Test func objectsOfLetterKeysStringsArraysAndNullsPrintAsFoundationPrintsThem() throws {
        var printed = 0
        for seed in 0..<3_000 {
            var generator = Generator(state: UInt64(seed))
            var object: [String: Any] = [:]
            for _ in 0..<(1 + generator.below(6)) { object[generator.key(lettersOnly: true)] = generator.value(depth: 0, lettersOnly: true) }
            guard let bytes = SortedJSONText.bytes(object) else { continue }
            printed += 1
            #expect(bytes == (try Self.foundation(object)), "seed \(seed)")
        }
        // Only keys equal apart from case ("ab", "AB") leave it to Foundation; most objects print.
        #expect(printed > 2_500)
    }

    @Test func keysWithDigitsOrOtherCharactersAreLeftToFoundationOrPrintAsItDoes() throws {
        var declined = 0
        for seed in 0..<2_000 {
            var generator = Generator(state: UInt64(1_000_000 + seed))
            var object: [String: Any] = [:]
            for _ in 0..<(1 + generator.below(6)) { object[generator.key(lettersOnly: false)] = generator.value(depth: 0, lettersOnly: false) }
            guard let bytes = SortedJSONText.bytes(object) else { declined += 1; continue }
            #expect(bytes == (try Self.foundation(object)), "seed \(seed)")
        }
        #expect(declined > 0)
    }

    @Test func numbersBooleansAndKeysEqualApartFromCaseAreLeftToFoundation() {
        #expect(SortedJSONText.bytes(["person": ["age": 3]]) == nil)
        #expect(SortedJSONText.bytes(["person": ["ok": true]]) == nil)
        #expect(SortedJSONText.bytes(["name": "a", "Name": "b"]) == nil)
        #expect(SortedJSONText.bytes(["": "empty key"]) == nil)
    }

    /// The part a studentship seals (as the envelope tests and the bench use it) prints without
    /// Foundation, so the fast path is the one sealing takes.
    @Test func aStudentshipsPersonalPartPrintsWithoutFoundation() throws {
        let secret: [String: Any] = [
            "person": ["name": "Ana Lima", "email": "ana@example.org"], "orcid": "0000-0002-1825-0097",
        ]
        let bytes = try #require(SortedJSONText.bytes(secret))
        #expect(bytes == (try Self.foundation(secret)))
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"orcid":"0000-0002-1825-0097","person":{"email":"ana@example.org","name":"Ana Lima"}}"#)
    }

    /// From the payload's bytes: every generated part, written by Foundation compactly and
    /// pretty-printed (whitespace between tokens), gives the plaintext Foundation gives after
    /// parsing it, whenever the byte path answers at all; and it answers for most.
    @Test func fromTheBytesThePlaintextIsWhatParsingWithFoundationAndPrintingGives() throws {
        var printed = 0
        for seed in 0..<2_000 {
            var generator = Generator(state: UInt64(2_000_000 + seed), plain: seed % 4 != 0)
            var part: [String: Any] = [:]
            for _ in 0..<(1 + generator.below(5)) { part[generator.key(lettersOnly: true)] = generator.value(depth: 1, lettersOnly: true) }
            let orcid: Any = generator.below(3) == 0 ? NSNull() : generator.string()
            for options: JSONSerialization.WritingOptions in [[.withoutEscapingSlashes], [.prettyPrinted, .withoutEscapingSlashes]] {
                let partText = Array(try JSONSerialization.data(withJSONObject: part, options: options))
                let orcidText = Array(try JSONSerialization.data(withJSONObject: orcid, options: [.fragmentsAllowed, .withoutEscapingSlashes]))
                var members: [(key: String, value: ArraySlice<UInt8>)] = [("person", partText[...])]
                if !(orcid is NSNull) { members.append(("orcid", orcidText[...])) }
                var secret: [String: Any] = ["person": try JSONSerialization.jsonObject(with: Data(partText))]
                if !(orcid is NSNull) { secret["orcid"] = try JSONSerialization.jsonObject(with: Data(orcidText), options: .fragmentsAllowed) }
                guard let bytes = SortedJSONText.bytes(members: members) else { continue }
                printed += 1
                #expect(bytes == (try Self.foundation(secret)), "seed \(seed)")
            }
        }
        // Escaped strings (a quarter of the seeds) and keys equal apart from case are left to Foundation.
        #expect(printed > 2_000)
    }

    @Test func fromTheBytesEscapesNumbersBooleansAndInvalidTextAreLeftToFoundation() {
        func bytes(_ part: String) -> [UInt8]? { SortedJSONText.bytes(members: [("person", Array(part.utf8)[...])]) }
        #expect(bytes(#"{"name":"A\u00e9"}"#) == nil)
        #expect(bytes(#"{"age":3}"#) == nil)
        #expect(bytes(#"{"ok":true}"#) == nil)
        #expect(bytes(#"{"name":"a","NAME":"b"}"#) == nil)
        #expect(bytes(#"{"name":"a",}"#) == nil)
        #expect(bytes(#"{"name":"a"} x"#) == nil)
        #expect(SortedJSONText.bytes(members: [("person", [UInt8(ascii: "{"), 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, UInt8(ascii: "}")][...])]) == nil)
        #expect(bytes(#"{"name":"Ana","email":"a@b.org"}"#).map { String(decoding: $0, as: UTF8.self) } == #"{"person":{"email":"a@b.org","name":"Ana"}}"#)
    }
}

/// The event id's text bound into the nonce and the seal's context must stay Foundation's.
@Suite struct EventIDTextTests {
    @Test func theEventIDsTextIsFoundationsLowerCasedText() {
        for _ in 0..<2_000 {
            let id = UUID()
            #expect(PersonEnvelope.idText(id) == Array(id.uuidString.lowercased().utf8))
        }
        let fixed = UUID(uuid: (0x00, 0x01, 0x0A, 0xFF, 0x10, 0xAB, 0xCD, 0xEF, 0x80, 0x09, 0x7F, 0xF0, 0x0F, 0xA5, 0x5A, 0xC3))
        #expect(String(decoding: PersonEnvelope.idText(fixed), as: UTF8.self) == "00010aff-10ab-cdef-8009-7ff00fa55ac3")
    }
}
