import EventStore
import Foundation

extension JSONValue {
    /// A request body as `JSONDecoder().decode(JSONValue.self, from:)` reads it, nil where that
    /// throws. `JSONValue`'s decoder tries each kind in turn and every miss throws a
    /// `DecodingError`, which cost a command about 130,000 instructions for a four-field body
    /// (bench/README.md, "Per-request work in the server"); `JSONValueReader` reads the common
    /// shapes directly and leaves everything else to the decoder.
    static func decode(_ bytes: Data) -> JSONValue? {
        if let value = JSONValueReader.read(bytes) { return value }
        return try? JSONDecoder().decode(JSONValue.self, from: bytes)
    }
}

/// Reads the JSON a request body almost always is — objects, arrays, strings, `true`, `false`,
/// `null` and integers that fit `Int64` — into the same `JSONValue` the decoder makes, with the
/// store's strict parser (`CanonicalJSON.Parser`). Nil for anything else, which the decoder then
/// judges: a fraction or exponent, `-0`, an integer out of range, a repeated key, an unpaired
/// surrogate escape or `\u0000`, invalid UTF-8, nesting deeper than 64, or text that is not JSON.
enum JSONValueReader {
    static func read(_ data: Data) -> JSONValue? {
        var parser = CanonicalJSON.Parser(bytes: Array(data))
        guard let document = try? parser.parseDocument(), !parser.needsDatabase else { return nil }
        return value(document, depth: 0)
    }

    private static func value(_ document: CanonicalJSON.Value, depth: Int) -> JSONValue? {
        switch document {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .string(let bytes): return String(validating: bytes, as: UTF8.self).map(JSONValue.string)
        case .number(let literal): return integer(literal)
        case .array(let elements):
            guard depth < 64 else { return nil }
            var items: [JSONValue] = []
            items.reserveCapacity(elements.count)
            for element in elements {
                guard let item = value(element, depth: depth + 1) else { return nil }
                items.append(item)
            }
            return .array(items)
        case .object(let pairs):
            guard depth < 64 else { return nil }
            var members: [String: JSONValue] = [:]
            for (key, element) in pairs {
                // A repeated key (or two keys `String` holds equal) is the decoder's to judge.
                guard let name = String(validating: key, as: UTF8.self), let member = value(element, depth: depth + 1),
                    members.updateValue(member, forKey: name) == nil
                else { return nil }
            }
            return .object(members)
        }
    }

    /// An integer literal without fraction (the parser has already left exponents out) that
    /// `Int64` holds; `-0` is left to the decoder.
    private static func integer(_ literal: [UInt8]) -> JSONValue? {
        guard !literal.contains(UInt8(ascii: ".")) else { return nil }
        let text = String(decoding: literal, as: UTF8.self)
        guard text != "-0", let number = Int64(text) else { return nil }
        return .integer(number)
    }
}
