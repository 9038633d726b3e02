import Foundation

/// A JSON text checked and cut into tokens in one pass: one token per value, an object's members
/// as key and value tokens one after another, each container knowing where it ends. Strings and
/// numbers stay bytes until a decoder asks for them.
///
/// It accepts RFC 8259 JSON only (`JSONDecoder` also reads a trailing comma, and an invalid
/// escape or control character in a string no value asks for), and refuses (nil) besides what
/// `CompactJSONReader` leaves to `JSONDecoder`: an object with a key twice, or with a key that is
/// not plain ASCII (`JSONDecoder` makes every key of an object a `String` when a value opens it,
/// failing on invalid UTF-8, and compares keys as `String`s, for which canonically equivalent
/// text is equal: comparing bytes gives the same answer only for ASCII), and nesting deeper than
/// `JSONDecoder`'s 512 levels. A string value that is not valid UTF-8 or holds a lone surrogate
/// is refused when a value reads it (`string(_:)`), as `JSONDecoder` only looks at the string
/// values a value reads. Refusing is never an error here: the caller decodes the text with
/// `JSONDecoder` instead, which gives the answer or the error.
///
/// Package-visible for the projection worker's COPY rows (`CopyRows`), which lay a row's members
/// out as a table's columns without decoding the row into a value first.
package struct CompactJSONTape {
    package enum Kind: UInt8 {
        case object, array, string, number, bool, null
    }

    package struct Token {
        package var kind: Kind
        /// A string with a backslash in it; a number written as an integer (no fraction, no
        /// exponent); the `true` literal.
        package var flag: Bool
        /// A string without escapes whose bytes are all ASCII, so valid UTF-8 without a check.
        var ascii = false
        /// An object's members or an array's elements.
        package var count: Int32
        /// A string's first byte after its quote, a number's or literal's first byte.
        package var start: Int32
        /// A string's closing quote, a number's or literal's end.
        package var end: Int32
        /// The token after this value and everything in it.
        package var next: Int32

        package var hasEscapes: Bool { kind == .string && flag }
        package var isInteger: Bool { kind == .number && flag }
        package var isTrue: Bool { kind == .bool && flag }
    }

    package let bytes: [UInt8]
    package private(set) var tokens: [Token] = []

    static let maximumDepth = 512

    package init?(_ bytes: [UInt8]) {
        guard bytes.count < Int(Int32.max) else { return nil }
        self.bytes = bytes
        tokens.reserveCapacity(bytes.count / 6 + 1)
        var position = 0
        let parsed = bytes.withUnsafeBufferPointer { buffer -> Bool in
            var scanner = Scanner(bytes: buffer)
            guard scanner.value(into: &tokens, depth: 0) else { return false }
            scanner.skipSpace()
            position = scanner.position
            return true
        }
        guard parsed, position == bytes.count else { return nil }
    }

    /// The text of string token `index`, unescaped; nil if it is not valid UTF-8.
    package func string(_ index: Int) -> String? {
        let token = tokens[index]
        return bytes.withUnsafeBufferPointer { buffer in
            let raw = UnsafeBufferPointer(rebasing: buffer[Int(token.start)..<Int(token.end)])
            if token.ascii { return String(decoding: raw, as: UTF8.self) }
            guard token.hasEscapes else { return String(validating: raw, as: UTF8.self) }
            guard let unescaped = Self.unescape(raw) else { return nil }
            return String(validating: unescaped, as: UTF8.self)
        }
    }

    /// Whether key token `index` is `key`, compared as bytes: the tape refuses an object whose
    /// keys are not plain ASCII (see the type's comment), so a key has no escapes.
    package func key(_ index: Int, is key: String) -> Bool {
        let token = tokens[index]
        var key = key
        return key.withUTF8 { wanted in
            guard wanted.count == Int(token.end - token.start) else { return false }
            guard let wantedBase = wanted.baseAddress else { return true }
            // The token is in the text, so the text is not empty and has a base address.
            return bytes.withUnsafeBufferPointer { memcmp(wantedBase, $0.baseAddress! + Int(token.start), wanted.count) == 0 }
        }
    }

    /// Number token `index` as an integer of type `T`, if it is written as one and fits.
    func integer<T: FixedWidthInteger>(_ index: Int, as: T.Type) -> T? {
        let token = tokens[index]
        guard token.isInteger else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            var position = Int(token.start)
            let negative = buffer[position] == UInt8(ascii: "-")
            if negative { position += 1 }
            var value: T = 0
            while position < Int(token.end) {
                let digit = T(truncatingIfNeeded: buffer[position] &- UInt8(ascii: "0"))
                let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
                let (next, overflowB) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
                guard !overflowA, !overflowB else { return nil }
                value = next
                position += 1
            }
            return value
        }
    }

    /// The bytes a string's escapes stand for; nil for a lone surrogate.
    private static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var position = 0
        while position < raw.count {
            let byte = raw[position]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                position += 1
                continue
            }
            let escape = raw[position + 1]
            position += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escape)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            default:
                // `u` and four hex digits, as the scanner checked.
                var scalar = hex4(raw, position)
                position += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    guard position + 6 <= raw.count, raw[position] == UInt8(ascii: "\\"), raw[position + 1] == UInt8(ascii: "u") else { return nil }
                    let low = hex4(raw, position + 2)
                    guard (0xDC00..<0xE000).contains(low) else { return nil }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    position += 6
                } else if (0xDC00..<0xE000).contains(scalar) {
                    return nil
                }
                // Not a surrogate, or a pair combined: always a scalar, which UTF-8 always encodes.
                guard let unicode = Unicode.Scalar(scalar), let encoded = UTF8.encode(unicode) else { return nil }
                output.append(contentsOf: encoded)
            }
        }
        return output
    }

    private static func hex4(_ raw: UnsafeBufferPointer<UInt8>, _ position: Int) -> UInt32 {
        var value: UInt32 = 0
        // The scanner let only four hex digits follow `\u`, so `?? 0` never applies.
        for byte in raw[position..<position + 4] { value = value << 4 | UInt32(JSONLexemes.hexValue(byte) ?? 0) }
        return value
    }

    /// The one pass over the text; every method answers false where the text is not JSON or is
    /// refused.
    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func skipSpace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x0A, 0x0D, 0x09: position += 1
                default: return
                }
            }
        }

        mutating func value(into tokens: inout [Token], depth: Int) -> Bool {
            skipSpace()
            guard position < bytes.count else { return false }
            switch bytes[position] {
            case UInt8(ascii: "{"): return container(into: &tokens, depth: depth, object: true)
            case UInt8(ascii: "["): return container(into: &tokens, depth: depth, object: false)
            case UInt8(ascii: "\""): return string(into: &tokens)
            case UInt8(ascii: "t"): return literal("true", .bool, flag: true, into: &tokens)
            case UInt8(ascii: "f"): return literal("false", .bool, flag: false, into: &tokens)
            case UInt8(ascii: "n"): return literal("null", .null, flag: false, into: &tokens)
            default: return number(into: &tokens)
            }
        }

        private mutating func container(into tokens: inout [Token], depth: Int, object: Bool) -> Bool {
            guard depth < CompactJSONTape.maximumDepth else { return false }
            let index = tokens.count
            tokens.append(Token(kind: object ? .object : .array, flag: false, count: 0, start: Int32(position), end: 0, next: 0))
            position += 1
            let close = object ? UInt8(ascii: "}") : UInt8(ascii: "]")
            var count: Int32 = 0
            skipSpace()
            if position < bytes.count, bytes[position] == close {
                position += 1
            } else {
                while true {
                    if object {
                        skipSpace()
                        guard position < bytes.count, bytes[position] == UInt8(ascii: "\""), string(into: &tokens) else { return false }
                        skipSpace()
                        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return false }
                        position += 1
                    }
                    guard value(into: &tokens, depth: depth + 1) else { return false }
                    count += 1
                    skipSpace()
                    guard position < bytes.count else { return false }
                    if bytes[position] == UInt8(ascii: ",") {
                        position += 1
                        continue
                    }
                    guard bytes[position] == close else { return false }
                    position += 1
                    break
                }
            }
            if object, !Self.distinctKeys(of: index, count: Int(count), in: tokens, bytes: bytes) { return false }
            tokens[index].count = count
            tokens[index].end = Int32(position)
            tokens[index].next = Int32(tokens.count)
            return true
        }

        /// Whether the object's keys are all plain ASCII (see the type's comment) and no two are the
        /// same bytes.
        private static func distinctKeys(of object: Int, count: Int, in tokens: [Token], bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            // Keys sit at `object + 1` and after each member's value; walked in place, as an
            // array of them per object was an allocation for every object decoded.
            func key(after member: Int) -> Int { Int(tokens[member + 1].next) }
            var member = object + 1
            for _ in 0..<count {
                guard tokens[member].ascii else { return false }
                member = key(after: member)
            }
            guard count > 1 else { return true }
            // An object with two keys is not empty text, so it has a base address.
            let base = bytes.baseAddress!
            func same(_ a: Token, _ b: Token) -> Bool {
                a.end - a.start == b.end - b.start && memcmp(base + Int(a.start), base + Int(b.start), Int(a.end - a.start)) == 0
            }
            if count <= 16 {
                var first = object + 1
                for offset in 0..<(count - 1) {
                    var second = key(after: first)
                    for _ in (offset + 1)..<count {
                        if same(tokens[first], tokens[second]) { return false }
                        second = key(after: second)
                    }
                    first = key(after: first)
                }
                return true
            }
            var seen = Set<ArraySlice<UInt8>>()
            member = object + 1
            for _ in 0..<count {
                let token = tokens[member]
                guard seen.insert(ArraySlice(bytes[Int(token.start)..<Int(token.end)])).inserted else { return false }
                member = key(after: member)
            }
            return true
        }

        private mutating func string(into tokens: inout [Token]) -> Bool {
            guard let string = JSONLexemes.string(in: bytes, quote: position) else { return false }
            tokens.append(
                Token(
                    kind: .string, flag: string.escaped, ascii: !string.escaped && string.ascii, count: 0, start: Int32(position + 1),
                    end: Int32(string.close), next: Int32(tokens.count + 1)))
            position = string.close + 1
            return true
        }

        private mutating func literal(_ text: StaticString, _ kind: Kind, flag: Bool, into tokens: inout [Token]) -> Bool {
            guard JSONLexemes.literal(text, in: bytes, at: position) else { return false }
            let count = text.utf8CodeUnitCount
            tokens.append(Token(kind: kind, flag: flag, count: 0, start: Int32(position), end: Int32(position + count), next: Int32(tokens.count + 1)))
            position += count
            return true
        }

        private mutating func number(into tokens: inout [Token]) -> Bool {
            guard let number = JSONLexemes.number(in: bytes, at: position) else { return false }
            tokens.append(
                Token(kind: .number, flag: number.integer, count: 0, start: Int32(position), end: Int32(number.end), next: Int32(tokens.count + 1)))
            position = number.end
            return true
        }
    }
}
