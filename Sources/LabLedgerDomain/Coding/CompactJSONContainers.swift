import Foundation

/// The containers `CompactJSONWriter` hands out. Every value is written to JSON text as it is
/// encoded; floating-point numbers mark the value unsupported (`JSONEncoder` prints them by
/// rules of its own), so it goes to `JSONEncoder` whole.
struct CompactJSONKeyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: CompactJSONWriter
    let object: CompactJSONObject

    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) { object.add(key, text: CompactJSONText.null) }
    mutating func encode(_ value: Bool, forKey key: Key) { object.add(key, text: CompactJSONText.bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) { object.add(key, string: value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { throw writer.refuse() }
    mutating func encode(_ value: Float, forKey key: Key) throws { throw writer.refuse() }
    mutating func encode(_ value: Int, forKey key: Key) { object.add(key, text: String(value).utf8) }
    mutating func encode(_ value: Int8, forKey key: Key) { object.add(key, text: String(value).utf8) }
    mutating func encode(_ value: Int16, forKey key: Key) { object.add(key, text: String(value).utf8) }
    mutating func encode(_ value: Int32, forKey key: Key) { object.add(key, text: String(value).utf8) }
    mutating func encode(_ value: Int64, forKey key: Key) { object.add(key, text: String(value).utf8) }
    mutating func encode(_ value: UInt, forKey key: Key) { object.add(key, text: String(value).utf8) }
    mutating func encode(_ value: UInt8, forKey key: Key) { object.add(key, text: String(value).utf8) }
    mutating func encode(_ value: UInt16, forKey key: Key) { object.add(key, text: String(value).utf8) }
    mutating func encode(_ value: UInt32, forKey key: Key) { object.add(key, text: String(value).utf8) }
    mutating func encode(_ value: UInt64, forKey key: Key) { object.add(key, text: String(value).utf8) }
    mutating func encode(_ value: Int128, forKey key: Key) { object.add(key, text: String(value).utf8) }
    mutating func encode(_ value: UInt128, forKey key: Key) { object.add(key, text: String(value).utf8) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try object.add(key) { try writer.append(of: value, to: &$0) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        writer.discarded().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        writer.discarded().unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { writer.discarded() }
    mutating func superEncoder(forKey key: Key) -> any Encoder { writer.discarded() }
}

struct CompactJSONUnkeyed: UnkeyedEncodingContainer {
    let writer: CompactJSONWriter
    let array: CompactJSONArray

    var codingPath: [any CodingKey] { [] }
    var count: Int { array.count }

    mutating func encodeNil() { array.next().text.append(contentsOf: CompactJSONText.null) }
    mutating func encode(_ value: Bool) { array.next().text.append(contentsOf: CompactJSONText.bool(value)) }
    mutating func encode(_ value: String) { CompactJSONText.appendString(value, to: &array.next().text) }
    mutating func encode(_ value: Double) throws { throw writer.refuse() }
    mutating func encode(_ value: Float) throws { throw writer.refuse() }
    mutating func encode(_ value: Int) { array.next().text.append(contentsOf: String(value).utf8) }
    mutating func encode(_ value: Int8) { array.next().text.append(contentsOf: String(value).utf8) }
    mutating func encode(_ value: Int16) { array.next().text.append(contentsOf: String(value).utf8) }
    mutating func encode(_ value: Int32) { array.next().text.append(contentsOf: String(value).utf8) }
    mutating func encode(_ value: Int64) { array.next().text.append(contentsOf: String(value).utf8) }
    mutating func encode(_ value: UInt) { array.next().text.append(contentsOf: String(value).utf8) }
    mutating func encode(_ value: UInt8) { array.next().text.append(contentsOf: String(value).utf8) }
    mutating func encode(_ value: UInt16) { array.next().text.append(contentsOf: String(value).utf8) }
    mutating func encode(_ value: UInt32) { array.next().text.append(contentsOf: String(value).utf8) }
    mutating func encode(_ value: UInt64) { array.next().text.append(contentsOf: String(value).utf8) }
    mutating func encode(_ value: Int128) { array.next().text.append(contentsOf: String(value).utf8) }
    mutating func encode(_ value: UInt128) { array.next().text.append(contentsOf: String(value).utf8) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try array.element { try writer.append(of: value, to: &$0) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        writer.discarded().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        writer.discarded().unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { writer.discarded() }
}

struct CompactJSONSingle: SingleValueEncodingContainer {
    let writer: CompactJSONWriter

    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() { writer.setSingle(CompactJSONText.null) }
    mutating func encode(_ value: Bool) { writer.setSingle(CompactJSONText.bool(value)) }
    mutating func encode(_ value: String) { writer.setSingle(string: value) }
    mutating func encode(_ value: Double) throws { throw writer.refuse() }
    mutating func encode(_ value: Float) throws { throw writer.refuse() }
    mutating func encode(_ value: Int) { writer.setSingle(Array(String(value).utf8)) }
    mutating func encode(_ value: Int8) { writer.setSingle(Array(String(value).utf8)) }
    mutating func encode(_ value: Int16) { writer.setSingle(Array(String(value).utf8)) }
    mutating func encode(_ value: Int32) { writer.setSingle(Array(String(value).utf8)) }
    mutating func encode(_ value: Int64) { writer.setSingle(Array(String(value).utf8)) }
    mutating func encode(_ value: UInt) { writer.setSingle(Array(String(value).utf8)) }
    mutating func encode(_ value: UInt8) { writer.setSingle(Array(String(value).utf8)) }
    mutating func encode(_ value: UInt16) { writer.setSingle(Array(String(value).utf8)) }
    mutating func encode(_ value: UInt32) { writer.setSingle(Array(String(value).utf8)) }
    mutating func encode(_ value: UInt64) { writer.setSingle(Array(String(value).utf8)) }
    mutating func encode(_ value: Int128) { writer.setSingle(Array(String(value).utf8)) }
    mutating func encode(_ value: UInt128) { writer.setSingle(Array(String(value).utf8)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        writer.setSingle(try writer.json(of: value))
    }
}

/// JSON text of the scalar values, and the byte order of keys.
enum CompactJSONText {
    /// Types `JSONEncoder` and `JSONDecoder` write and read by strategies of their own (dates,
    /// data, URLs, decimals) or by rules of their own (floating point): a value holding one goes
    /// to them whole, in either direction.
    static func leftToFoundation<T>(_ type: T.Type) -> Bool {
        T.self == Date.self || T.self == Data.self || T.self == URL.self || T.self == Decimal.self || T.self == Double.self
            || T.self == Float.self
    }

    static let null = Array("null".utf8)
    static let trueText = Array("true".utf8)
    static let falseText = Array("false".utf8)

    static func bool(_ value: Bool) -> [UInt8] { value ? trueText : falseText }

    private static let hex = Array("0123456789abcdef".utf8)

    /// Quoted; escaped are the quote, the backslash and control characters (the short escapes
    /// where JSON has them), as `JSONEncoder` with `.withoutEscapingSlashes` does; everything
    /// else is copied as UTF-8, in runs between the bytes that need escaping.
    static func appendString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var run = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                appendEscaped(byte, to: &output)
                run = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ byte: UInt8, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
        case 0x08: output.append(UInt8(ascii: "b"))
        case 0x0C: output.append(UInt8(ascii: "f"))
        case 0x0A: output.append(UInt8(ascii: "n"))
        case 0x0D: output.append(UInt8(ascii: "r"))
        case 0x09: output.append(UInt8(ascii: "t"))
        default:
            output.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            output.append(hex[Int(byte >> 4)])
            output.append(hex[Int(byte & 0x0F)])
        }
    }

    /// -1, 0 or 1 as `left`'s UTF-8 bytes sort before, equal or after `right`'s.
    static func compareBytes(_ left: String, _ right: String) -> Int {
        var left = left, right = right
        return left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in
                let common = min(leftBytes.count, rightBytes.count)
                for index in 0..<common where leftBytes[index] != rightBytes[index] {
                    return leftBytes[index] < rightBytes[index] ? -1 : 1
                }
                return leftBytes.count == rightBytes.count ? 0 : (leftBytes.count < rightBytes.count ? -1 : 1)
            }
        }
    }

    /// The members an object writes: the position of each distinct key, the last where a key
    /// came more than once, in the order of the keys' bytes.
    ///
    /// Keys are compared by their first eight bytes as one integer, and by all their bytes only
    /// when those are the same: comparing the strings' bytes for every pair, and again for each
    /// neighbour to drop a repeated key, was about 3.5% of a rebuild's worker samples
    /// (bench/README.md, "Keys hashed once").
    static func members(_ keys: [String]) -> [Int] {
        guard keys.count > 1 else { return Array(keys.indices) }
        let heads = keys.map(head)
        func compare(_ lhs: Int, _ rhs: Int) -> Int {
            heads[lhs] != heads[rhs] ? (heads[lhs] < heads[rhs] ? -1 : 1) : compareBytes(keys[lhs], keys[rhs])
        }
        // By key bytes, then by position, so that of a repeated key the last one ends its run:
        // by insertion for the dozen members a row has, by a stable sort beyond.
        var order = Array(keys.indices)
        if keys.count <= 32 {
            for next in 1..<order.count {
                let moving = order[next]
                var slot = next
                while slot > 0, compare(moving, order[slot - 1]) < 0 {
                    order[slot] = order[slot - 1]
                    slot -= 1
                }
                order[slot] = moving
            }
        } else {
            order.sort { lhs, rhs in
                let compared = compare(lhs, rhs)
                return compared < 0 || (compared == 0 && lhs < rhs)
            }
        }
        // Of each run of equal keys the last, kept in place.
        var kept = 0
        for position in order.indices where position + 1 == order.count || compare(order[position + 1], order[position]) != 0 {
            order[kept] = order[position]
            kept += 1
        }
        order.removeLast(order.count - kept)
        return order
    }

    /// The first eight bytes of `key`, the first the most significant, zeros past its end. Two
    /// keys whose heads differ are in the order of their heads: at the first byte where the
    /// heads differ, either both are the keys' own bytes, or one is padding, and then the other
    /// key's byte there is not zero and every byte before it agrees, so the shorter key is a
    /// prefix of the longer and sorts first. Equal heads can still be different keys ("a" and
    /// "a\0"), so those are compared by all their bytes.
    static func head(_ key: String) -> UInt64 {
        var key = key
        return key.withUTF8 { bytes in
            var head: UInt64 = 0
            for index in 0..<8 { head = head << 8 | UInt64(index < bytes.count ? bytes[index] : 0) }
            return head
        }
    }
}
