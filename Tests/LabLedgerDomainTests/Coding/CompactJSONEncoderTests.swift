import Foundation
@testable import LabLedgerDomain
import Testing

/// `CompactJSONEncoder` writes what `JSONEncoder` (sorted keys) writes, as JSON values; its own text
/// is compact with keys in byte order, so equal values give equal bytes.
@Suite("Compact JSON, written without JSONEncoder")
struct CompactJSONEncoderTests {
    enum Kind: String, Codable { case cash, inKind = "in_kind" }

    struct Inner: Codable, Equatable {
        var name: String
        var tags: [String]
        var kind: Kind?
    }

    struct Row: Codable, Equatable {
        var stream_id: String
        var amount: Int64
        var small: Int8
        var unsigned: UInt64
        var flag: Bool
        var note: String?
        var inner: Inner
        var list: [Inner]
        var byName: [String: Int]
        var byNumber: [Int: String]
        var nested: [[String?]]
        var day: LocalDate
    }

    /// Writes the same key twice and a null explicitly, as hand-written `encode(to:)` may.
    struct Handwritten: Encodable {
        enum CodingKeys: String, CodingKey { case a, b, c }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode("first", forKey: .a)
            try container.encodeNil(forKey: .b)
            try container.encode("second", forKey: .a)
            try container.encodeIfPresent(nil as String?, forKey: .c)
        }
    }

    /// Many members in reverse order, the first written again last, with keys that need escaping.
    struct ManyKeys: Encodable {
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        let count: Int
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            for index in (0..<count).reversed() { try container.encode(index, forKey: Key(stringValue: String(format: "k%03d", index))) }
            try container.encode("again", forKey: Key(stringValue: "k000"))
            try container.encode(true, forKey: Key(stringValue: "q\"uote\n"))
        }
    }

    struct Wide: Encodable { var big: Int128; var huge: UInt128; var list: [Int128] }
    /// Catches a refusal and throws its own error instead, as an `encode(to:)` may.
    struct Rethrowing: Encodable {
        struct Own: Error {}
        enum CodingKeys: String, CodingKey { case x }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            do { try container.encode(0.25, forKey: .x) } catch { throw Own() }
        }
    }

    struct WithDouble: Codable { var x: Double; var s: String }
    struct WithDate: Codable { var at: Date }
    struct WithData: Codable { var bytes: Data }
    struct WithNested: Encodable {
        enum CodingKeys: String, CodingKey { case outer, inner }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            var nested = container.nestedContainer(keyedBy: CodingKeys.self, forKey: .outer)
            try nested.encode("deep", forKey: .inner)
        }
    }
    struct Empty: Encodable { func encode(to encoder: any Encoder) throws {} }
    /// Swallows its members' errors, as a careless `encode(to:)` might.
    struct Swallowing: Encodable {
        enum CodingKeys: String, CodingKey { case x, at, s }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try? container.encode(0.5, forKey: .x)
            try? container.encode(Date(timeIntervalSince1970: 0), forKey: .at)
            try container.encode("kept", forKey: .s)
        }
    }

    private func parsed(_ data: Data) throws -> NSObject {
        try #require(JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed) as? NSObject)
    }

    private func sameAsFoundation<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ours = try CompactJSONEncoder().encode(value)
        let theirs = try CompactJSONEncoder.foundation.encode(value)
        #expect(try parsed(ours) == (try parsed(theirs)), "\(String(decoding: ours, as: UTF8.self))", sourceLocation: sourceLocation)
        // And to the byte: key order, escapes (lower-case hex), integers of every width.
        #expect(ours == theirs, "\(String(decoding: ours, as: UTF8.self)) against \(String(decoding: theirs, as: UTF8.self))", sourceLocation: sourceLocation)
    }

    static func sample(_ note: String?) throws -> Row {
        Row(
            stream_id: "ip-asset-\u{00e9}\u{1F680}", amount: -9_223_372_036_854_775_807, small: -128, unsigned: .max, flag: true,
            note: note,
            inner: Inner(name: "quote \" back \\ slash / tab \t nl \n cr \r bell \u{07} del \u{7F} ls \u{2028}", tags: [], kind: .inKind),
            list: [Inner(name: "", tags: ["b", "a"], kind: nil), Inner(name: "x", tags: ["z"], kind: .cash)],
            byName: ["b": 2, "a": 1, "B": 3, "é": 4, "aa": 5], byNumber: [10: "ten", 2: "two"],
            nested: [[], ["a", nil], [nil]], day: try LocalDate(parsing: "2024-02-29"))
    }

    @Test("rows, optionals, enums, dictionaries, nested arrays and escapes read as JSONEncoder's do")
    func sameValues() throws {
        try sameAsFoundation(try Self.sample("a note"))
        try sameAsFoundation(try Self.sample(nil))
        try sameAsFoundation(["plain string", "x"])
        try sameAsFoundation([["k": "v", "a": "b"], [:]])
        try sameAsFoundation(Handwritten())
        try sameAsFoundation("top-level \"string\"")
        try sameAsFoundation(42)
        try sameAsFoundation(["\u{1}\u{1F}\u{7F}\u{2028}/\\\"é": [Int64.min, Int64.max], "": [0]])
        try sameAsFoundation(Wide(big: .min, huge: .max, list: [0, -1, .max]))
    }

    @Test("compact, keys in byte order, the last of a repeated key kept, absent optionals left out")
    func text() throws {
        let text = String(decoding: try CompactJSONEncoder().encode(Handwritten()), as: UTF8.self)
        #expect(text == #"{"a":"second","b":null}"#)
        let map = String(decoding: try CompactJSONEncoder().encode(["b": 2, "a": 1, "B": 3, "é": 4, "aa": 5]), as: UTF8.self)
        #expect(map == #"{"B":3,"a":1,"aa":5,"b":2,"é":4}"#)
        let inner = String(decoding: try CompactJSONEncoder().encode(Inner(name: "n\u{01}\"", tags: ["t"], kind: nil)), as: UTF8.self)
        #expect(inner == #"{"name":"n\u0001\"","tags":["t"]}"#)
    }

    @Test("many members: sorted by key bytes, the last of a repeated key kept, keys escaped", arguments: [3, 31, 32, 33, 200])
    func manyMembers(count: Int) throws {
        let text = String(decoding: try CompactJSONEncoder().encode(ManyKeys(count: count)), as: UTF8.self)
        let expected = "{" + (0..<count).map { index in
            index == 0 ? #""k000":"again""# : #""\#(String(format: "k%03d", index))":\#(index)"#
        }.joined(separator: ",") + #","q\"uote\n":true}"#
        #expect(text == expected)
        try sameAsFoundation(ManyKeys(count: count))
    }

    @Test("equal values give equal bytes, whatever order their dictionaries were built in")
    func deterministic() throws {
        var first: [String: Int] = [:]
        var second: [String: Int] = [:]
        for index in 0..<200 { first["key-\(index)"] = index }
        for index in (0..<200).reversed() { second["key-\(index)"] = index }
        #expect(try CompactJSONEncoder().encode(first) == (try CompactJSONEncoder().encode(second)))
        #expect(try CompactJSONEncoder().encode(try Self.sample("n")) == (try CompactJSONEncoder().encode(try Self.sample("n"))))
    }

    @Test("floating-point numbers, dates, data, nested containers and empty values go to JSONEncoder whole")
    func fallbacks() throws {
        try sameAsFoundation(WithDouble(x: 0.1, s: "s"))
        try sameAsFoundation(WithDate(at: Date(timeIntervalSince1970: 1_000_000)))
        try sameAsFoundation(WithData(bytes: Data([0, 1, 2, 255])))
        try sameAsFoundation(WithNested())
        #expect(try CompactJSONEncoder().encode(WithDouble(x: 0.1, s: "s")) == (try CompactJSONEncoder.foundation.encode(WithDouble(x: 0.1, s: "s"))))
        #expect(try CompactJSONEncoder().encode([Empty()]) == (try CompactJSONEncoder.foundation.encode([Empty()])))
        // A refusal turned into another error: JSONEncoder decides, and writes the value.
        try sameAsFoundation(Rethrowing())
        // Its members' refusals swallowed, the value still goes to JSONEncoder: nothing is lost.
        let swallowed = try #require(JSONSerialization.jsonObject(with: try CompactJSONEncoder().encode(Swallowing())) as? [String: Any])
        #expect(Set(swallowed.keys) == ["x", "at", "s"])
        #expect(swallowed["x"] as? Double == 0.5)
    }

    struct Refusing: Encodable, Error {
        func encode(to encoder: any Encoder) throws { throw Refusing() }
    }

    /// Swallows an error of its own from one element and one member, then writes more.
    struct SwallowingOwnErrors: Encodable {
        enum CodingKeys: String, CodingKey { case list, bad, good }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            try list.encode("first")
            try? list.encode(Refusing())
            try list.encode("second")
            try? container.encode(Refusing(), forKey: .bad)
            try container.encode([Inner(name: "n", tags: ["t"], kind: .cash)], forKey: .good)
        }
    }

    /// The same, without nested containers, so that this writer writes it itself.
    struct SwallowingOwnErrorsFlat: Encodable {
        enum CodingKeys: String, CodingKey { case bad, good, list }
        struct List: Encodable {
            func encode(to encoder: any Encoder) throws {
                var list = encoder.unkeyedContainer()
                try list.encode("first")
                try? list.encode(Refusing())
                try list.encode("second")
            }
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try? container.encode(Refusing(), forKey: .bad)
            try container.encode([Inner(name: "n", tags: ["t"], kind: .cash)], forKey: .good)
            try container.encode(List(), forKey: .list)
        }
    }

    @Test("an element or member whose own error its value swallowed leaves no trace, as with JSONEncoder")
    func swallowedOwnErrors() throws {
        try sameAsFoundation(SwallowingOwnErrors())
        try sameAsFoundation(SwallowingOwnErrorsFlat())
        #expect(String(decoding: try CompactJSONWriter.json(SwallowingOwnErrorsFlat()), as: UTF8.self)
            == #"{"good":[{"kind":"cash","name":"n","tags":["t"]}],"list":["first","second"]}"#)
    }

    /// Swallows the error a member made of a refusal (`Rethrowing`), and writes another member.
    struct SwallowingRethrown: Encodable {
        enum CodingKeys: String, CodingKey { case n, v }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(1, forKey: .n)
            try? container.encode(Rethrowing(), forKey: .v)
        }
    }

    @Test("a member's refusal turned into its own error and swallowed by the parent still sends the parent to JSONEncoder")
    func swallowedRethrownRefusal() throws {
        try sameAsFoundation(SwallowingRethrown())
        #expect(try CompactJSONEncoder().encode(SwallowingRethrown()) == (try CompactJSONEncoder.foundation.encode(SwallowingRethrown())))
    }

    @Test("a long array of objects and a large dictionary of them are written as JSONEncoder writes them")
    func longArrays() throws {
        let items = (0..<3_000).map { Inner(name: "item \($0)", tags: $0.isMultiple(of: 2) ? ["even"] : [], kind: .cash) }
        try sameAsFoundation(items)
        try sameAsFoundation(Dictionary(uniqueKeysWithValues: items.enumerated().map { ("k\($0.offset)", $0.element) }))
    }
}
