import Foundation

/// The containers `RowJSONWriter` hands out. Every value is written to JSON text as it is
/// encoded; floating-point numbers mark the value unsupported (`JSONEncoder` prints them by
/// rules of its own), so it goes to `JSONEncoder` whole.
struct RowJSONKeyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: RowJSONWriter
    let object: RowJSONObject

    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) { object.add(key, RowJSONText.null) }
    mutating func encode(_ value: Bool, forKey key: Key) { object.add(key, RowJSONText.bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) { object.add(key, RowJSONText.string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { throw writer.refuse() }
    mutating func encode(_ value: Float, forKey key: Key) throws { throw writer.refuse() }
    mutating func encode(_ value: Int, forKey key: Key) { object.add(key, RowJSONText.integer(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) { object.add(key, RowJSONText.integer(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) { object.add(key, RowJSONText.integer(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) { object.add(key, RowJSONText.integer(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) { object.add(key, RowJSONText.integer(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) { object.add(key, RowJSONText.integer(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) { object.add(key, RowJSONText.integer(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) { object.add(key, RowJSONText.integer(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) { object.add(key, RowJSONText.integer(value)) }
    mutating func encode(_ value: UInt64, forKey key: Key) { object.add(key, RowJSONText.integer(value)) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        object.add(key, try writer.json(of: value))
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

struct RowJSONUnkeyed: UnkeyedEncodingContainer {
    let writer: RowJSONWriter
    let array: RowJSONArray

    var codingPath: [any CodingKey] { [] }
    var count: Int { array.elements.count }

    mutating func encodeNil() { array.elements.append(RowJSONText.null) }
    mutating func encode(_ value: Bool) { array.elements.append(RowJSONText.bool(value)) }
    mutating func encode(_ value: String) { array.elements.append(RowJSONText.string(value)) }
    mutating func encode(_ value: Double) throws { throw writer.refuse() }
    mutating func encode(_ value: Float) throws { throw writer.refuse() }
    mutating func encode(_ value: Int) { array.elements.append(RowJSONText.integer(value)) }
    mutating func encode(_ value: Int8) { array.elements.append(RowJSONText.integer(value)) }
    mutating func encode(_ value: Int16) { array.elements.append(RowJSONText.integer(value)) }
    mutating func encode(_ value: Int32) { array.elements.append(RowJSONText.integer(value)) }
    mutating func encode(_ value: Int64) { array.elements.append(RowJSONText.integer(value)) }
    mutating func encode(_ value: UInt) { array.elements.append(RowJSONText.integer(value)) }
    mutating func encode(_ value: UInt8) { array.elements.append(RowJSONText.integer(value)) }
    mutating func encode(_ value: UInt16) { array.elements.append(RowJSONText.integer(value)) }
    mutating func encode(_ value: UInt32) { array.elements.append(RowJSONText.integer(value)) }
    mutating func encode(_ value: UInt64) { array.elements.append(RowJSONText.integer(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        array.elements.append(try writer.json(of: value))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        writer.discarded().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        writer.discarded().unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { writer.discarded() }
}

struct RowJSONSingle: SingleValueEncodingContainer {
    let writer: RowJSONWriter

    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() { writer.setSingle(RowJSONText.null) }
    mutating func encode(_ value: Bool) { writer.setSingle(RowJSONText.bool(value)) }
    mutating func encode(_ value: String) { writer.setSingle(RowJSONText.string(value)) }
    mutating func encode(_ value: Double) throws { throw writer.refuse() }
    mutating func encode(_ value: Float) throws { throw writer.refuse() }
    mutating func encode(_ value: Int) { writer.setSingle(RowJSONText.integer(value)) }
    mutating func encode(_ value: Int8) { writer.setSingle(RowJSONText.integer(value)) }
    mutating func encode(_ value: Int16) { writer.setSingle(RowJSONText.integer(value)) }
    mutating func encode(_ value: Int32) { writer.setSingle(RowJSONText.integer(value)) }
    mutating func encode(_ value: Int64) { writer.setSingle(RowJSONText.integer(value)) }
    mutating func encode(_ value: UInt) { writer.setSingle(RowJSONText.integer(value)) }
    mutating func encode(_ value: UInt8) { writer.setSingle(RowJSONText.integer(value)) }
    mutating func encode(_ value: UInt16) { writer.setSingle(RowJSONText.integer(value)) }
    mutating func encode(_ value: UInt32) { writer.setSingle(RowJSONText.integer(value)) }
    mutating func encode(_ value: UInt64) { writer.setSingle(RowJSONText.integer(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        writer.setSingle(try writer.json(of: value))
    }
}

/// JSON text of the scalar values.
enum RowJSONText {
    static let null = Array("null".utf8)
    static let trueText = Array("true".utf8)
    static let falseText = Array("false".utf8)

    static func bool(_ value: Bool) -> [UInt8] { value ? trueText : falseText }

    static func integer(_ value: some BinaryInteger) -> [UInt8] { Array(String(value).utf8) }

    static func string(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 2)
        appendString(text, to: &output)
        return output
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// Quoted; escaped are the quote, the backslash and control characters (the short escapes
    /// where JSON has them), as `JSONEncoder` with `.withoutEscapingSlashes` does; everything
    /// else is copied as UTF-8.
    static func appendString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
