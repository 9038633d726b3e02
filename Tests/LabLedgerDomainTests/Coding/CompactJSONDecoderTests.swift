import Foundation
import Testing
@testable import LabLedgerDomain

/// `CompactJSONDecoder` gives the value `JSONDecoder` gives, decoding it itself where it can
/// (`decodedHere`) and leaving every other text, and every error, to `JSONDecoder`.
@Suite("Compact JSON, read without JSONDecoder")
struct CompactJSONDecoderTests {
    typealias Row = CompactJSONEncoderTests.Row
    typealias Inner = CompactJSONEncoderTests.Inner

    static func row() throws -> Row {
        Row(
            stream_id: "ipasset-\"quoted\"/x", amount: Int64.min, small: -128, unsigned: UInt64.max, flag: true, note: nil,
            inner: Inner(name: "é 😀 \u{1}\n\t\\", tags: ["a", ""], kind: .inKind),
            list: [Inner(name: "x", tags: [], kind: nil), Inner(name: "y", tags: ["z"], kind: .cash)],
            byName: ["b": 2, "a": 1, "": 0], byNumber: [3: "three", -1: "minus one"], nested: [[nil, "s"], []],
            day: try LocalDate(parsing: "2024-02-29"))
    }

    /// The same JSON as PostgreSQL prints `jsonb`: a space after every colon and comma outside strings.
    static func spaced(_ data: Data) -> Data {
        var output: [UInt8] = []
        var inString = false
        var escaped = false
        for byte in data {
            output.append(byte)
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: ":") || byte == UInt8(ascii: ",") {
                output.append(UInt8(ascii: " "))
            }
        }
        return Data(output)
    }

    @Test("a row with every kind of member decodes here to what JSONDecoder gives, compact or spaced")
    func rowDecodesHere() throws {
        let row = try Self.row()
        let compact = try CompactJSONEncoder().encode(row)
        for text in [compact, Self.spaced(compact), Data("\n \(String(decoding: Self.spaced(compact), as: UTF8.self))\t\r\n".utf8)] {
            let here = CompactJSONDecoder.decodedHere(Row.self, from: text)
            #expect(here == row)
            #expect(try JSONDecoder().decode(Row.self, from: text) == row)
            #expect(try CompactJSONDecoder().decode(Row.self, from: text) == row)
        }
    }

    @Test("escapes, surrogate pairs and a missing optional decode here")
    func escapesDecodeHere() throws {
        let text = Data(#"{"inner":{"name":"\u00e9\ud83d\ude00\/\"\\\b\f\n\r\t","tags":["\u0041"]},"list":[],"byName":{},"byNumber":{},"nested":[],"day":"2020-01-01","stream_id":"s","amount":0,"small":0,"unsigned":0,"flag":false}"#.utf8)
        let here = try #require(CompactJSONDecoder.decodedHere(Row.self, from: text))
        #expect(here.inner.name == "é😀/\"\\\u{8}\u{c}\n\r\t")
        #expect(here.inner.tags == ["A"])
        #expect(here.note == nil && here.inner.kind == nil)
        #expect(here == (try JSONDecoder().decode(Row.self, from: text)))
    }

    @Test("every sample event's payload decodes here to itself, compact and as PostgreSQL prints it")
    func sampleEventsDecodeHere() throws {
        let samples = try SampleEvents()
        let events: [Any] = samples.party + samples.lab + samples.agreement + samples.funding + samples.placement
        var checked = 0
        for event in events {
            let payload = try #require(Mirror(reflecting: event).children.first?.value as? any VersionedEvent)
            try Self.expectDecodedHere(payload)
            checked += 1
        }
        #expect(checked == events.count && checked > 20)
    }

    static func expectDecodedHere<E: VersionedEvent>(_ payload: E) throws {
        let compact = try CompactJSONEncoder().encode(payload)
        #expect(CompactJSONDecoder.decodedHere(E.self, from: compact) == payload, "\(E.eventType)")
        #expect(CompactJSONDecoder.decodedHere(E.self, from: spaced(compact)) == payload, "\(E.eventType), spaced")
    }

    /// Texts this decoder leaves to `JSONDecoder`, with the value or error it gives.
    struct Numbers: Codable, Equatable {
        var count: Int
        var ratio: Double?
    }

    @Test(
        "texts refused here go to JSONDecoder, which answers them",
        arguments: [
            #"{"count":1,"ratio":0.5}"#,  // a floating-point member
            #"{"count":1.0}"#,  // an integer written with a fraction
            #"{"count":1e2}"#,  // or an exponent
            #"{"count":1,"count":2}"#,  // a key twice
            #"{"co\u0075nt":1}"#,  // an escaped key
        ])
    func refusedButDecoded(_ text: String) throws {
        let data = Data(text.utf8)
        #expect(CompactJSONDecoder.decodedHere(Numbers.self, from: data) == nil)
        #expect(try CompactJSONDecoder().decode(Numbers.self, from: data) == JSONDecoder().decode(Numbers.self, from: data))
    }

    @Test(
        "texts that are not JSON, or do not fit the type, are refused here and throw JSONDecoder's error",
        arguments: [
            "", " ", "{", #"{"count":01}"#, #"{"count":-}"#, #"{"count":1} x"#, #"{"count":"1"}"#,
            #"{"count":99999999999999999999}"#, #"{"ratio":null}"#, #"{"count":1,"ratio":"x"}"#, "[1]", "null", #"{'count':1}"#,
        ])
    func refusedAndThrown(_ text: String) throws {
        let data = Data(text.utf8)
        #expect(CompactJSONDecoder.decodedHere(Numbers.self, from: data) == nil)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Numbers.self, from: data) }
        #expect(throws: DecodingError.self) { try CompactJSONDecoder().decode(Numbers.self, from: data) }
    }

    /// JSONDecoder reads a trailing comma, and looks at a string's bytes and escapes only when a
    /// value asks for that string; this decoder refuses the whole text instead, so the answer is
    /// still JSONDecoder's.
    @Test(
        "texts JSONDecoder reads leniently are refused here and decode as it decodes them",
        arguments: [#"{"count":1,}"#, "{\"count\":1,\"s\":\"\u{1}\"}", #"{"count":1,"s":"\x"}"#, #"[1,]"#])
    func lenientTextsRefused(_ text: String) throws {
        let data = Data(text.utf8)
        #expect(CompactJSONDecoder.decodedHere(Numbers.self, from: data) == nil)
        #expect(CompactJSONDecoder.decodedHere([Int].self, from: data) == nil)
        #expect(Self.outcome(Numbers.self, data, CompactJSONDecoder().decode) == Self.outcome(Numbers.self, data, JSONDecoder().decode))
        #expect(Self.outcome([Int].self, data, CompactJSONDecoder().decode) == Self.outcome([Int].self, data, JSONDecoder().decode))
    }

    @Test("a lone surrogate is refused where a value reads it, and ignored where none does, as JSONDecoder does")
    func loneSurrogate() throws {
        let read = Data(#""\ud800""#.utf8)
        #expect(CompactJSONDecoder.decodedHere(String.self, from: read) == nil)
        #expect(Self.outcome(String.self, read, CompactJSONDecoder().decode) == Self.outcome(String.self, read, JSONDecoder().decode))
        let unread = Data(#"{"count":1,"s":"\udc00"}"#.utf8)
        #expect(CompactJSONDecoder.decodedHere(Numbers.self, from: unread) == Numbers(count: 1))
        #expect(try JSONDecoder().decode(Numbers.self, from: unread) == Numbers(count: 1))
    }

    /// A decoder's answer, its value's description or that it threw.
    static func outcome<T: Decodable>(_ type: T.Type, _ data: Data, _ decode: (T.Type, Data) throws -> T) -> String {
        (try? decode(type, data)).map { "\($0)" } ?? "threw"
    }

    @Test("text that is not UTF-8 is refused here")
    func invalidUTF8() {
        let data = Data([UInt8(ascii: "\""), 0xC3, 0x28, UInt8(ascii: "\"")])
        #expect(CompactJSONDecoder.decodedHere(String.self, from: data) == nil)
        #expect(throws: (any Error).self) { try CompactJSONDecoder().decode(String.self, from: data) }
    }

    /// Tries a number and falls back to a string, swallowing the first error as `try?` does.
    struct Lenient: Decodable, Equatable {
        var value: String
        init(value: String) { self.value = value }
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) { value = "number \(number)" } else { value = try container.decode(String.self) }
        }
    }

    @Test("an error a value swallowed still sends its text to JSONDecoder")
    func swallowedErrorRefuses() throws {
        #expect(CompactJSONDecoder.decodedHere(Lenient.self, from: Data("7".utf8)) == Lenient(value: "number 7"))
        let text = Data(#""seven""#.utf8)
        #expect(CompactJSONDecoder.decodedHere(Lenient.self, from: text) == nil)
        #expect(try CompactJSONDecoder().decode(Lenient.self, from: text) == Lenient(value: "seven"))
    }

    struct Special: Codable, Equatable {
        var when: Date?
        var blob: Data?
        var link: URL?
        var exact: Decimal?
    }

    @Test("dates, data, URLs and decimals are left to JSONDecoder's own strategies")
    func specialTypesRefused() throws {
        for text in [#"{"when":0}"#, #"{"blob":"AAE="}"#, #"{"link":"https://example.org/a"}"#, #"{"exact":1}"#] {
            let data = Data(text.utf8)
            #expect(CompactJSONDecoder.decodedHere(Special.self, from: data) == nil, "\(text)")
            #expect(try CompactJSONDecoder().decode(Special.self, from: data) == JSONDecoder().decode(Special.self, from: data))
        }
        #expect(CompactJSONDecoder.decodedHere(Special.self, from: Data("{}".utf8)) == Special())
    }

    @Test("a missing member throws JSONDecoder's keyNotFound")
    func missingMember() {
        #expect {
            try CompactJSONDecoder().decode(Numbers.self, from: Data(#"{"ratio":1}"#.utf8))
        } throws: { error in
            guard case DecodingError.keyNotFound(let key, _) = error else { return false }
            return key.stringValue == "count"
        }
    }

    @Test("integers at the edges of their types decode here; one past them is refused")
    func integerEdges() throws {
        #expect(CompactJSONDecoder.decodedHere(Int8.self, from: Data("-128".utf8)) == -128)
        #expect(CompactJSONDecoder.decodedHere(Int8.self, from: Data("127".utf8)) == 127)
        #expect(CompactJSONDecoder.decodedHere(Int8.self, from: Data("128".utf8)) == nil)
        #expect(CompactJSONDecoder.decodedHere(UInt8.self, from: Data("-1".utf8)) == nil)
        #expect(CompactJSONDecoder.decodedHere(UInt8.self, from: Data("-0".utf8)) == 0)
        #expect(CompactJSONDecoder.decodedHere(Int64.self, from: Data("-9223372036854775808".utf8)) == Int64.min)
        #expect(CompactJSONDecoder.decodedHere(Int64.self, from: Data("9223372036854775808".utf8)) == nil)
        #expect(CompactJSONDecoder.decodedHere(UInt64.self, from: Data("18446744073709551615".utf8)) == UInt64.max)
    }

    @Test("nesting deeper than JSONDecoder allows is refused here")
    func deepNesting() {
        let deep = Data((String(repeating: "[", count: 600) + String(repeating: "]", count: 600)).utf8)
        #expect(CompactJSONDecoder.decodedHere([[[Int]]].self, from: deep) == nil)
        let shallow = Data("[[[1,2],[]],[]]".utf8)
        #expect(CompactJSONDecoder.decodedHere([[[Int]]].self, from: shallow) == [[[1, 2], []], []])
    }

    @Test("an object with many members, looked up by key, decodes here")
    func manyMembers() throws {
        var members: [String: Int] = [:]
        for index in 0..<40 { members["k\(index)"] = index }
        let data = try JSONEncoder().encode(members)
        #expect(CompactJSONDecoder.decodedHere([String: Int].self, from: data) == members)
        let twice = Data((String(decoding: data.dropLast(), as: UTF8.self) + #","k7":0}"#).utf8)
        #expect(CompactJSONDecoder.decodedHere([String: Int].self, from: twice) == nil)
    }
}
