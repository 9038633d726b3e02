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
        let others = try OutputIPRoundSampleEvents()
        let events: [Any] = samples.party + samples.lab + samples.agreement + samples.funding + samples.placement
            + others.output + others.ipAsset + others.round
        var types: Set<String> = []
        for event in events {
            let payload = try #require(Mirror(reflecting: event).children.first?.value as? any VersionedEvent)
            try Self.expectDecodedHere(payload)
            types.insert(type(of: payload).eventType)
        }
        #expect(types == Set(AnyDomainEvent.allTypes + OutputIPRoundEvent.allTypes))
    }

    static func expectDecodedHere<E: VersionedEvent>(_ payload: E) throws {
        let compact = try CompactJSONEncoder().encode(payload)
        #expect(try JSONDecoder().decode(E.self, from: compact) == payload, "\(E.eventType), by JSONDecoder")
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

    /// A decoder's answer: its value, or nil where it threw.
    static func outcome<T: Decodable & Equatable>(_ type: T.Type, _ data: Data, _ decode: (T.Type, Data) throws -> T) -> T? {
        try? decode(type, data)
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

    /// Arrays in arrays, as deep as the text nests them.
    struct Nest: Decodable, Equatable {
        var children: [Nest]
        init(children: [Nest]) { self.children = children }
        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            children = []
            while !container.isAtEnd { children.append(try container.decode(Nest.self)) }
        }
        static func nested(_ depth: Int) -> Nest { (1..<depth).reduce(Nest(children: [])) { inner, _ in Nest(children: [inner]) } }
    }

    @Test("nesting as deep as JSONDecoder allows decodes here; one level more is refused here and by it")
    func deepNesting() {
        func text(_ depth: Int) -> Data { Data((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8) }
        #expect(CompactJSONDecoder.decodedHere(Nest.self, from: text(512)) == Nest.nested(512))
        #expect(CompactJSONDecoder.decodedHere(Nest.self, from: text(513)) == nil)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Nest.self, from: text(513)) }
        #expect(throws: (any Error).self) { try CompactJSONDecoder().decode(Nest.self, from: text(513)) }
    }

    /// Reads an array's count and its nulls itself, and asks for more than it holds.
    struct Counted: Decodable, Equatable {
        var count: Int?
        var values: [Int?]
        init(count: Int?, values: [Int?]) { (self.count, self.values) = (count, values) }
        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            count = container.count
            values = []
            while !container.isAtEnd { values.append(try container.decodeNil() ? nil : try container.decode(Int.self)) }
        }
    }

    @Test("an array's count and nulls decode here; asking past its end is left to JSONDecoder")
    func unkeyedCountsAndNulls() throws {
        let text = Data("[1, null, 3,null]".utf8)
        #expect(CompactJSONDecoder.decodedHere(Counted.self, from: text) == Counted(count: 4, values: [1, nil, 3, nil]))
        #expect(CompactJSONDecoder.decodedHere([Int?].self, from: text) == [1, nil, 3, nil])
        let nulls = Data("[null,2,null]".utf8)
        let read = try #require(CompactJSONDecoder.decodedHere(PastTheEnd.self, from: nulls))
        #expect(read.values == [nil, 2, nil] && read.index == 3)
        #expect(read == (try JSONDecoder().decode(PastTheEnd.self, from: nulls)))
        let past = Data("[1]".utf8)
        #expect(CompactJSONDecoder.decodedHere(PastTheEnd.self, from: past) == nil)
        #expect(Self.outcome(PastTheEnd.self, past, CompactJSONDecoder().decode) == Self.outcome(PastTheEnd.self, past, JSONDecoder().decode))
    }

    /// Asks for three optional elements, and keeps where the container ended.
    struct PastTheEnd: Decodable, Equatable {
        var values: [Int?]
        var index: Int
        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            values = [try container.decodeIfPresent(Int.self), try container.decodeIfPresent(Int.self), try container.decodeIfPresent(Int.self)]
            index = container.currentIndex
        }
    }

    @Test("members written as null decode here as absent, as PostgreSQL's to_jsonb writes a NULL column")
    func explicitNulls() throws {
        let text = Data(#"{"count": 1, "ratio": null}"#.utf8)
        #expect(CompactJSONDecoder.decodedHere(Numbers.self, from: text) == Numbers(count: 1))
        let row = try Self.row()
        var object = try #require(try JSONSerialization.jsonObject(with: try CompactJSONEncoder().encode(row)) as? [String: Any])
        object["note"] = NSNull()
        let withNull = try JSONSerialization.data(withJSONObject: object)
        #expect(CompactJSONDecoder.decodedHere(Row.self, from: withNull) == row)
    }

    struct Accented: Codable, Equatable {
        enum CodingKeys: String, CodingKey { case accented = "\u{E9}", kelvin = "K" }
        var accented: Int?
        var kelvin: Int?
    }

    @Test(
        "keys that are not plain ASCII, or not UTF-8, are left to JSONDecoder, which compares keys as strings",
        arguments: [
            Array("{\"e\u{301}\": 1}".utf8), Array("{\"\u{212A}\": 1}".utf8), Array("{\"\u{E9}\": 1, \"K\": 2}".utf8),
            Array(#"{"K": 1, "a\u00e9": 2}"#.utf8), [UInt8](#"{"K":1,""#.utf8) + [0xFF] + [UInt8](#"":2}"#.utf8),
        ])
    func nonASCIIKeys(_ bytes: [UInt8]) throws {
        let data = Data(bytes)
        #expect(CompactJSONDecoder.decodedHere(Accented.self, from: data) == nil)
        #expect(CompactJSONDecoder.decodedHere([String: Int].self, from: data) == nil)
        #expect(Self.outcome(Accented.self, data, CompactJSONDecoder().decode) == Self.outcome(Accented.self, data, JSONDecoder().decode))
        #expect(Self.outcome([String: Int].self, data, CompactJSONDecoder().decode) == Self.outcome([String: Int].self, data, JSONDecoder().decode))
    }

    struct Kelvin: Decodable, Equatable {
        enum CodingKeys: String, CodingKey { case kelvin = "\u{212A}" }
        var kelvin: Int?
        var present: Bool
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            present = container.contains(.kelvin)
            kelvin = try container.decodeIfPresent(Int.self, forKey: .kelvin)
        }
    }

    @Test("a key name that is not plain ASCII, asked of an object of ASCII keys, is left to JSONDecoder, which finds the Kelvin sign under K")
    func nonASCIIKeyNameAsked() throws {
        for text in [#"{"K":1}"#, #"{"a":0,"K":1}"#, #"{"a":0}"#] {
            let data = Data(text.utf8)
            #expect(CompactJSONDecoder.decodedHere(Kelvin.self, from: data) == nil, "\(text)")
            #expect(Self.outcome(Kelvin.self, data, CompactJSONDecoder().decode) == Self.outcome(Kelvin.self, data, JSONDecoder().decode))
        }
    }

    @Test("a key written with an escape is refused here among other members too")
    func escapedKeyAmongOthers() throws {
        let data = Data(#"{"ratio":null,"co\u0075nt":2}"#.utf8)
        #expect(CompactJSONDecoder.decodedHere(Numbers.self, from: data) == nil)
        #expect(try CompactJSONDecoder().decode(Numbers.self, from: data) == Numbers(count: 2))
    }

    @Test("an Int-keyed dictionary with two spellings of one number is left to JSONDecoder")
    func intKeysSpelledTwice() throws {
        #expect(CompactJSONDecoder.decodedHere([Int: String].self, from: Data(#"{"1":"a","01":"b"}"#.utf8)) == nil)
        #expect(CompactJSONDecoder.decodedHere([Int: String].self, from: Data(#"{"1":"a","-2":"b"}"#.utf8)) == [1: "a", -2: "b"])
    }

    @Test("objects with many members, their values nested, decode here in either order; a key twice among them is refused")
    func manyMembers() throws {
        var members: [String: Inner] = [:]
        for index in 0..<40 { members["k\(index)"] = Inner(name: "n\(index)", tags: index.isMultiple(of: 3) ? [] : ["t", "\(index)"], kind: index.isMultiple(of: 2) ? .cash : nil) }
        let data = try CompactJSONEncoder().encode(members)
        #expect(CompactJSONDecoder.decodedHere([String: Inner].self, from: data) == members)
        #expect(CompactJSONDecoder.decodedHere([String: Inner].self, from: Self.spaced(data)) == members)
        let twice = Data((String(decoding: data.dropLast(), as: UTF8.self) + #","k7":{"name":"again","tags":[]}}"#).utf8)
        #expect(CompactJSONDecoder.decodedHere([String: Inner].self, from: twice) == nil)
        #expect(Self.outcome([String: Inner].self, twice, CompactJSONDecoder().decode) == Self.outcome([String: Inner].self, twice, JSONDecoder().decode))
    }

    /// Forty members asked for in reverse order of the text, so the search wraps around.
    struct Reversed: Decodable, Equatable {
        var values: [Int]
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        init(values: [Int]) { self.values = values }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            values = try (0..<40).reversed().map { try container.decode(Int.self, forKey: Key(stringValue: "k\($0)")) }
        }
    }

    @Test("members of a large object asked for out of order are all found")
    func largeObjectOutOfOrder() throws {
        let text = Data(("{" + (0..<40).map { #""k\#($0)":\#($0 * 10)"# }.joined(separator: ",") + "}").utf8)
        #expect(CompactJSONDecoder.decodedHere(Reversed.self, from: text) == Reversed(values: (0..<40).reversed().map { $0 * 10 }))
    }
}
