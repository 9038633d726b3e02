import Foundation

/// The containers `CompactJSONReader` hands out. Each reads tokens of the tape; every error it
/// throws marks the text refused (`CompactJSONDecoding.refuse`), so `JSONDecoder` answers it.
/// 128-bit integers are refused too: whether `JSONDecoder` reads them depends on its version.
struct CompactJSONKeyedReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    /// The member the last search of a large object found: `Dictionary.init(from:)` asks for its
    /// keys in `allKeys`' order, which is the text's, and the default `decodeIfPresent` asks for
    /// one key three times (`contains`, `decodeNil`, `decode`), so a search starting there finds
    /// its key at once or next, and decoding stays linear in the members.
    final class Cursor {
        var member: Int
        var position = 0
        init(member: Int) { self.member = member }
    }

    let decoding: CompactJSONDecoding
    let object: Int
    let count: Int
    /// Only for objects of more than `Self.scanned` members; smaller ones are searched from the start.
    private let cursor: Cursor?
    static var scanned: Int { 16 }

    init(decoding: CompactJSONDecoding, object: Int, count: Int) {
        self.decoding = decoding
        self.object = object
        self.count = count
        cursor = count > Self.scanned ? Cursor(member: object + 1) : nil
    }

    var codingPath: [any CodingKey] { [] }

    var allKeys: [Key] {
        var keys: [Key] = []
        keys.reserveCapacity(count)
        var member = object + 1
        for _ in 0..<count {
            // Every key is plain ASCII (the tape refuses others), so always a string.
            if let name = decoding.tape.string(member), let key = Key(stringValue: name) {
                // Two keys of an `Int`-keyed dictionary that are the same number ("1", "01"):
                // `JSONDecoder` keeps one of them in its own hash order.
                if let number = key.intValue, String(number) != name { _ = decoding.refuse() }
                keys.append(key)
            }
            member = Int(decoding.tape.tokens[member + 1].next)
        }
        return keys
    }

    /// The token of `key`'s value, searched linearly (from where the last search ended in a
    /// large object): objects here mostly have a few members, side by side in the tape. A key
    /// that is not plain ASCII and is not found refuses the text, as `JSONDecoder` would compare
    /// it as a `String` (the Kelvin sign is "K").
    private func valueIndex(_ key: Key) -> Int? {
        let tape = decoding.tape
        let name = key.stringValue
        var member = cursor?.member ?? object + 1
        var position = cursor?.position ?? 0
        for _ in 0..<count {
            if position == count { (member, position) = (object + 1, 0) }
            let next = Int(tape.tokens[member + 1].next)
            if tape.key(member, is: name) {
                if let cursor { (cursor.member, cursor.position) = (member, position) }
                return member + 1
            }
            (member, position) = (next, position + 1)
        }
        if !name.utf8.allSatisfy({ $0 < 0x80 }) { _ = decoding.refuse() }
        return nil
    }

    private func value(_ key: Key) throws -> Int {
        guard let index = valueIndex(key) else { throw decoding.refuse() }
        return index
    }

    /// `key`'s value, or nil where it is missing or null.
    private func presentValue(_ key: Key) -> Int? {
        guard let index = valueIndex(key), decoding.kind(index) != .null else { return nil }
        return index
    }

    func contains(_ key: Key) -> Bool { valueIndex(key) != nil }
    func decodeNil(forKey key: Key) throws -> Bool { decoding.kind(try value(key)) == .null }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoding.bool(try value(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoding.string(try value(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { throw decoding.refuse() }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw decoding.refuse() }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoding.integer(try value(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoding.integer(try value(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoding.integer(try value(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoding.integer(try value(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoding.integer(try value(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoding.integer(try value(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoding.integer(try value(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoding.integer(try value(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoding.integer(try value(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoding.integer(try value(key)) }
    func decode(_ type: Int128.Type, forKey key: Key) throws -> Int128 { throw decoding.refuse() }
    func decode(_ type: UInt128.Type, forKey key: Key) throws -> UInt128 { throw decoding.refuse() }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoding.decode(type, at: try value(key)) }

    // One search per member where the defaults would make three (contains, decodeNil, decode).
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try presentValue(key).map(decoding.bool) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try presentValue(key).map(decoding.string) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try presentValue(key).map { try decoding.integer($0) } }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try presentValue(key).map { try decoding.integer($0) } }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try presentValue(key).map { try decoding.decode(type, at: $0) }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoding.keyed(try value(key), by: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try decoding.unkeyed(try value(key)) }

    func superDecoder() throws -> any Decoder { throw decoding.refuse() }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw decoding.refuse() }
}

struct CompactJSONUnkeyedReader: UnkeyedDecodingContainer {
    let decoding: CompactJSONDecoding
    let array: Int
    private(set) var currentIndex = 0
    /// The token of the element at `currentIndex`.
    private var element: Int

    init(decoding: CompactJSONDecoding, array: Int) {
        self.decoding = decoding
        self.array = array
        element = array + 1
    }

    var codingPath: [any CodingKey] { [] }
    var count: Int? { Int(decoding.tape.tokens[array].count) }
    var isAtEnd: Bool { currentIndex >= Int(decoding.tape.tokens[array].count) }

    /// The current element's token, and the next element made current.
    private mutating func take() throws -> Int {
        guard !isAtEnd else { throw decoding.refuse() }
        let taken = element
        element = Int(decoding.tape.tokens[taken].next)
        currentIndex += 1
        return taken
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw decoding.refuse() }
        guard decoding.kind(element) == .null else { return false }
        _ = try take()
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try decoding.bool(try take()) }
    mutating func decode(_ type: String.Type) throws -> String { try decoding.string(try take()) }
    mutating func decode(_ type: Double.Type) throws -> Double { throw decoding.refuse() }
    mutating func decode(_ type: Float.Type) throws -> Float { throw decoding.refuse() }
    mutating func decode(_ type: Int.Type) throws -> Int { try decoding.integer(try take()) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decoding.integer(try take()) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decoding.integer(try take()) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decoding.integer(try take()) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decoding.integer(try take()) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decoding.integer(try take()) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decoding.integer(try take()) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decoding.integer(try take()) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decoding.integer(try take()) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decoding.integer(try take()) }
    mutating func decode(_ type: Int128.Type) throws -> Int128 { throw decoding.refuse() }
    mutating func decode(_ type: UInt128.Type) throws -> UInt128 { throw decoding.refuse() }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoding.decode(type, at: try take()) }

    /// The current element, taken, or nil where it is null (taken too). Past the end the text is
    /// refused: `JSONDecoder` answers nil there and moves `currentIndex` on, the default
    /// `decodeIfPresent` does not.
    private mutating func present() throws -> Int? {
        let taken = try take()
        return decoding.kind(taken) == .null ? nil : taken
    }

    mutating func decodeIfPresent(_ type: Bool.Type) throws -> Bool? { try present().map(decoding.bool) }
    mutating func decodeIfPresent(_ type: String.Type) throws -> String? { try present().map(decoding.string) }
    mutating func decodeIfPresent(_ type: Double.Type) throws -> Double? { throw decoding.refuse() }
    mutating func decodeIfPresent(_ type: Float.Type) throws -> Float? { throw decoding.refuse() }
    mutating func decodeIfPresent(_ type: Int.Type) throws -> Int? { try present().map { try decoding.integer($0) } }
    mutating func decodeIfPresent(_ type: Int8.Type) throws -> Int8? { try present().map { try decoding.integer($0) } }
    mutating func decodeIfPresent(_ type: Int16.Type) throws -> Int16? { try present().map { try decoding.integer($0) } }
    mutating func decodeIfPresent(_ type: Int32.Type) throws -> Int32? { try present().map { try decoding.integer($0) } }
    mutating func decodeIfPresent(_ type: Int64.Type) throws -> Int64? { try present().map { try decoding.integer($0) } }
    mutating func decodeIfPresent(_ type: UInt.Type) throws -> UInt? { try present().map { try decoding.integer($0) } }
    mutating func decodeIfPresent(_ type: UInt8.Type) throws -> UInt8? { try present().map { try decoding.integer($0) } }
    mutating func decodeIfPresent(_ type: UInt16.Type) throws -> UInt16? { try present().map { try decoding.integer($0) } }
    mutating func decodeIfPresent(_ type: UInt32.Type) throws -> UInt32? { try present().map { try decoding.integer($0) } }
    mutating func decodeIfPresent(_ type: UInt64.Type) throws -> UInt64? { try present().map { try decoding.integer($0) } }
    mutating func decodeIfPresent(_ type: Int128.Type) throws -> Int128? { throw decoding.refuse() }
    mutating func decodeIfPresent(_ type: UInt128.Type) throws -> UInt128? { throw decoding.refuse() }
    mutating func decodeIfPresent<T: Decodable>(_ type: T.Type) throws -> T? { try present().map { try decoding.decode(type, at: $0) } }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try decoding.keyed(try take(), by: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try decoding.unkeyed(try take()) }
    mutating func superDecoder() throws -> any Decoder { throw decoding.refuse() }
}

struct CompactJSONSingleReader: SingleValueDecodingContainer {
    let decoding: CompactJSONDecoding
    let index: Int

    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { decoding.kind(index) == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try decoding.bool(index) }
    func decode(_ type: String.Type) throws -> String { try decoding.string(index) }
    func decode(_ type: Double.Type) throws -> Double { throw decoding.refuse() }
    func decode(_ type: Float.Type) throws -> Float { throw decoding.refuse() }
    func decode(_ type: Int.Type) throws -> Int { try decoding.integer(index) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoding.integer(index) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoding.integer(index) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoding.integer(index) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoding.integer(index) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoding.integer(index) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoding.integer(index) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoding.integer(index) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoding.integer(index) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoding.integer(index) }
    func decode(_ type: Int128.Type) throws -> Int128 { throw decoding.refuse() }
    func decode(_ type: UInt128.Type) throws -> UInt128 { throw decoding.refuse() }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoding.decode(type, at: index) }
}
