import Foundation

/// Compact JSON with object keys in the order of their UTF-8 bytes (a repeated key keeps its
/// last value), written straight from `Encodable`: the bytes `JSONEncoder` writes with
/// `[.sortedKeys, .withoutEscapingSlashes]` on Linux, for the values the domain and the read
/// models hold. Used for event payloads and for read-model rows, keyed rows and documents.
///
/// Why not `JSONEncoder`: it builds a tree of every value (a dictionary per object, every key
/// hashed) before it writes, and encoding rows, keyed rows and documents that way was about a
/// quarter of a projection run's instructions (callgrind, bench/README.md). Equal values always
/// give equal bytes, which the projections rely on (a document folded at once is compared with
/// the same document folded page by page).
///
/// What this writer does not write as `JSONEncoder` would — floating-point numbers, dates,
/// data, URLs and decimals (which `JSONEncoder` treats specially), nested and super encoders,
/// a value that asks for two kinds of container, a value that encodes nothing — makes the whole
/// value go to `JSONEncoder` instead, so every value still encodes. The domain and the read
/// models hold none of these today.
public struct CompactJSONEncoder: Sendable {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> Data {
        do {
            return Data(try CompactJSONWriter.json(value))
        } catch {
            // `Unsupported`, or an error an `encode(to:)` made of it: `JSONEncoder` decides, and
            // throws again if the value really cannot be encoded.
            return try Self.foundation.encode(value)
        }
    }

    /// `text` as a JSON string literal, appended: for callers that write JSON themselves.
    public static func appendString(_ text: String, to output: inout [UInt8]) {
        CompactJSONText.appendString(text, to: &output)
    }

    /// The fallback, with the same compact form and sorted keys.
    static let foundation: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

/// The encoder one value is handed: it records which container the value asked for.
final class CompactJSONWriter: Encoder {
    struct Unsupported: Error {}

    enum Storage {
        case empty
        case object(CompactJSONObject)
        case array(CompactJSONArray)
        case single([UInt8])
        /// A single string, written when the value is finished (a wrapper of a string, a raw value).
        case string(String)
    }

    var storage = Storage.empty
    /// Set when the value used something this writer does not write as `JSONEncoder` would.
    var unsupported = false

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The JSON text of `value`.
    static func json<T: Encodable>(_ value: T) throws -> [UInt8] {
        var output: [UInt8] = []
        try append(value, to: &output)
        return output
    }

    /// `value`'s JSON text appended to `output`, which a throw leaves as it was: a nested value is
    /// written into its parent's buffer, not into an array of its own copied there.
    static func append<T: Encodable>(_ value: T, to output: inout [UInt8]) throws {
        if T.self == String.self, let text = value as? String {
            CompactJSONText.appendString(text, to: &output)
            return
        }
        if CompactJSONText.leftToFoundation(T.self) { throw Unsupported() }
        let writer = CompactJSONWriter()
        do {
            try value.encode(to: writer)
        } catch where writer.unsupported {
            // A refusal the value turned into an error of its own: still a refusal, so that a
            // parent that swallows the error is marked too and goes to `JSONEncoder` whole.
            throw Unsupported()
        }
        try writer.finish(into: &output)
    }

    /// The JSON text of a value this one holds, appended to `output`: a value that cannot be
    /// written here marks this one too, so that an `encode(to:)` that swallowed the error still
    /// sends it to `JSONEncoder`.
    func append<T: Encodable>(of value: T, to output: inout [UInt8]) throws {
        do {
            try Self.append(value, to: &output)
        } catch let error as Unsupported {
            unsupported = true
            throw error
        }
    }

    /// The JSON text of a value this one holds.
    func json<T: Encodable>(of value: T) throws -> [UInt8] {
        var output: [UInt8] = []
        try append(of: value, to: &output)
        return output
    }

    /// Appends the value's text once it is whole; nothing when it throws.
    func finish(into output: inout [UInt8]) throws {
        guard !unsupported else { throw Unsupported() }
        switch storage {
        case .empty: throw Unsupported()
        case .object(let object): object.write(into: &output)
        case .array(let array): array.write(into: &output)
        case .single(let text): output.append(contentsOf: text)
        case .string(let text): CompactJSONText.appendString(text, to: &output)
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        switch storage {
        case .object(let object):
            return KeyedEncodingContainer(CompactJSONKeyed<Key>(writer: self, object: object))
        case .empty:
            let object = CompactJSONObject()
            storage = .object(object)
            return KeyedEncodingContainer(CompactJSONKeyed<Key>(writer: self, object: object))
        case .array, .single, .string:
            unsupported = true
            return KeyedEncodingContainer(CompactJSONKeyed<Key>(writer: self, object: CompactJSONObject()))
        }
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        switch storage {
        case .array(let array):
            return CompactJSONUnkeyed(writer: self, array: array)
        case .empty:
            let array = CompactJSONArray()
            storage = .array(array)
            return CompactJSONUnkeyed(writer: self, array: array)
        case .object, .single, .string:
            unsupported = true
            return CompactJSONUnkeyed(writer: self, array: CompactJSONArray())
        }
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        CompactJSONSingle(writer: self)
    }

    func setSingle(_ text: [UInt8]) {
        guard case .empty = storage else {
            unsupported = true
            return
        }
        storage = .single(text)
    }

    func setSingle(string text: String) {
        guard case .empty = storage else {
            unsupported = true
            return
        }
        storage = .string(text)
    }

    /// Marks the value and answers the error to throw: marked, so that an `encode(to:)` that
    /// swallowed the error (`try?`) still sends the value to `JSONEncoder`.
    func refuse() -> Unsupported {
        unsupported = true
        return Unsupported()
    }

    /// What a nested or super encoder gets: writes that are thrown away, the value marked.
    func discarded() -> CompactJSONWriter {
        unsupported = true
        return CompactJSONWriter()
    }
}

/// An object's members as encoded so far, in the order they came: their keys, and their
/// values' texts one after another in one buffer (a buffer per value cost an allocation each).
final class CompactJSONObject {
    var keys: [String] = []
    /// Where each member's value text ends in `values`.
    var ends: [Int] = []
    var values: [UInt8] = []

    /// Room for a row's dozen members and their text from the start: grown from empty, the three
    /// buffers were reallocated four or five times each per object, and growing arrays was a
    /// sixth of the encoder's samples in a rebuild (bench/README.md, "The encoder's buffers").
    init() {
        keys.reserveCapacity(16)
        ends.reserveCapacity(16)
        values.reserveCapacity(256)
    }

    func add(_ key: some CodingKey, string: String) {
        keys.append(key.stringValue)
        CompactJSONText.appendString(string, to: &values)
        ends.append(values.count)
    }

    // Two concrete overloads, not one over `some Sequence<UInt8>`: called from the keyed
    // container, generic over its key and so not specialized, that one appended through the
    // standard library's unspecialized `append(contentsOf:)` (0.6% of a projection bench's
    // instructions under callgrind).
    func add(_ key: some CodingKey, text: [UInt8]) {
        keys.append(key.stringValue)
        values.append(contentsOf: text)
        ends.append(values.count)
    }

    func add(_ key: some CodingKey, text: String.UTF8View) {
        keys.append(key.stringValue)
        values.append(contentsOf: text)
        ends.append(values.count)
    }

    /// A member whose value `write` appends to `values`; none when it throws, which leaves
    /// `values` as it was (`CompactJSONWriter.append`).
    func add(_ key: some CodingKey, writing write: (inout [UInt8]) throws -> Void) rethrows {
        try write(&values)
        keys.append(key.stringValue)
        ends.append(values.count)
    }

    func write(into output: inout [UInt8]) {
        let members = CompactJSONText.members(keys)
        output.append(UInt8(ascii: "{"))
        // Doubling, not the exact size: `output` is the parent's buffer, and reserving exactly
        // what each member of a long array needs would copy the whole buffer for every one.
        let needed = values.count + keys.reduce(2) { $0 + $1.utf8.count + 4 }
        if output.capacity - output.count < needed { output.reserveCapacity(Swift.max(output.count + needed, 2 * output.capacity)) }
        var first = true
        for index in members {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            CompactJSONText.appendString(keys[index], to: &output)
            output.append(UInt8(ascii: ":"))
            output.append(contentsOf: values[(index == 0 ? 0 : ends[index - 1])..<ends[index]])
        }
        output.append(UInt8(ascii: "}"))
    }
}

/// An array's text as encoded so far, written as its elements come.
final class CompactJSONArray {
    var text: [UInt8] = [UInt8(ascii: "[")]
    var count = 0

    init() { text.reserveCapacity(64) }

    /// Starts the next element's text.
    func next() -> CompactJSONArray {
        if count > 0 { text.append(UInt8(ascii: ",")) }
        count += 1
        return self
    }

    /// An element whose text `write` appends; on a throw the text is left as it was.
    func element(_ write: (inout [UInt8]) throws -> Void) rethrows {
        let before = text.count
        if count > 0 { text.append(UInt8(ascii: ",")) }
        do {
            try write(&text)
        } catch {
            text.removeSubrange(before...)
            throw error
        }
        count += 1
    }

    func write(into output: inout [UInt8]) {
        output.append(contentsOf: text)
        output.append(UInt8(ascii: "]"))
    }
}
