import Foundation

/// Decodes what `JSONDecoder` (default strategies) decodes, and gives the same value, without
/// building Foundation's tree: the counterpart of `CompactJSONEncoder`, for event payloads,
/// stored documents and keyed rows.
///
/// Why not `JSONDecoder`: it makes a dictionary of every object's members, hashing each key,
/// before the value's `init(from:)` asks for them; decoding payloads and keyed rows that way was
/// 20% of a rebuild's samples in the worker process and half of its folds; this decoder takes
/// about 55% fewer instructions for them (bench/README.md, "Event payloads decoded without
/// `JSONDecoder`").
///
/// What it does not decode exactly as `JSONDecoder` would — floating-point numbers, dates, data,
/// URLs and decimals (which `JSONDecoder` treats by strategies of its own), a number not written
/// as an integer, 128-bit integers, a super decoder, an object with a key twice or a key that is
/// not plain ASCII (see `CompactJSONTape`) — and every error, including one a value's
/// `init(from:)` swallowed with `try?`, makes the whole text go to `JSONDecoder` instead. So a
/// value decoded here is the value `JSONDecoder` gives, and every error is `JSONDecoder`'s own.
public struct CompactJSONDecoder: Sendable {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        if let value = Self.decodedHere(T.self, from: data) { return value }
        return try Self.foundation.decode(T.self, from: data)
    }

    /// The value decoded without `JSONDecoder`, or nil where this decoder leaves the text to it.
    static func decodedHere<T: Decodable>(_ type: T.Type, from data: Data) -> T? {
        // One copy, as `memcpy`: `[UInt8](data)` goes element by element.
        let bytes = [UInt8](unsafeUninitializedCapacity: data.count) { buffer, count in
            count = data.copyBytes(to: buffer)
        }
        guard let tape = CompactJSONTape(bytes) else { return nil }
        let decoding = CompactJSONDecoding(tape)
        guard let value = try? decoding.decode(T.self, at: 0), !decoding.refused else { return nil }
        return value
    }

    static let foundation = JSONDecoder()
}

/// One text being decoded: its tokens, and whether anything was left to `JSONDecoder`.
final class CompactJSONDecoding {
    struct Refused: Error {}

    let tape: CompactJSONTape
    /// Set by every error a container throws, so that an `init(from:)` that caught one still
    /// sends the text to `JSONDecoder`.
    private(set) var refused = false

    init(_ tape: CompactJSONTape) { self.tape = tape }

    func refuse() -> Refused {
        refused = true
        return Refused()
    }

    func kind(_ index: Int) -> CompactJSONTape.Kind { tape.tokens[index].kind }

    func decode<T: Decodable>(_ type: T.Type, at index: Int) throws -> T {
        // `as? T` made every call look up `Optional<T>`'s metadata, String or not (0.7% of a
        // projection bench's instructions under callgrind); `as!` cannot fail, T being String.
        if T.self == String.self { return try string(index) as! T }
        if CompactJSONText.leftToFoundation(T.self) { throw refuse() }
        return try T(from: CompactJSONReader(decoding: self, index: index))
    }

    func string(_ index: Int) throws -> String {
        guard kind(index) == .string, let value = tape.string(index) else { throw refuse() }
        return value
    }

    func bool(_ index: Int) throws -> Bool {
        let token = tape.tokens[index]
        guard token.kind == .bool else { throw refuse() }
        return token.isTrue
    }

    func integer<T: FixedWidthInteger>(_ index: Int) throws -> T {
        guard let value = tape.integer(index, as: T.self) else { throw refuse() }
        return value
    }

    func keyed<Key: CodingKey>(_ index: Int, by: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard kind(index) == .object else { throw refuse() }
        return KeyedDecodingContainer(CompactJSONKeyedReader<Key>(decoding: self, object: index, count: Int(tape.tokens[index].count)))
    }

    func unkeyed(_ index: Int) throws -> any UnkeyedDecodingContainer {
        guard kind(index) == .array else { throw refuse() }
        return CompactJSONUnkeyedReader(decoding: self, array: index)
    }
}

/// The decoder a value is handed: the token it decodes from.
struct CompactJSONReader: Decoder {
    let decoding: CompactJSONDecoding
    let index: Int

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        try decoding.keyed(index, by: type)
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { try decoding.unkeyed(index) }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        CompactJSONSingleReader(decoding: decoding, index: index)
    }
}
