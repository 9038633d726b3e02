import Foundation

/// RFC 8259's strings, numbers and literals, recognised over bytes in place: shared by the token
/// tape (`CompactJSONTape`) and the projection worker's one-pass row scan (`CopyRows`), which
/// must accept exactly the same text.
package enum JSONLexemes {
    /// The string whose opening quote is at `quote`: where its closing quote is, whether it has
    /// an escape, and whether all its bytes are ASCII; nil if it is not a string (a control
    /// character, an unknown escape, `\u` without four hex digits, no closing quote).
    package static func string(in bytes: UnsafeBufferPointer<UInt8>, quote: Int) -> (close: Int, escaped: Bool, ascii: Bool)? {
        var position = quote + 1
        var escaped = false
        var high: UInt8 = 0
        while position < bytes.count {
            let byte = bytes[position]
            high |= byte
            if byte == UInt8(ascii: "\"") { return (position, escaped, high < 0x80) }
            if byte < 0x20 { return nil }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                guard position + 1 < bytes.count else { return nil }
                switch bytes[position + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    position += 2
                case UInt8(ascii: "u"):
                    guard position + 6 <= bytes.count, bytes[(position + 2)..<(position + 6)].allSatisfy({ hexValue($0) != nil }) else {
                        return nil
                    }
                    position += 6
                default:
                    return nil
                }
                continue
            }
            position += 1
        }
        return nil
    }

    /// The number starting at `start`, `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`:
    /// where it ends and whether it is an integer (no fraction, no exponent); nil if none starts
    /// there.
    package static func number(in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (end: Int, integer: Bool)? {
        var position = start
        func digits() {
            while position < bytes.count, ASCIIBytes.isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, ASCIIBytes.isDigit(bytes[position]) else { return nil }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            digits()
        }
        var integer = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            integer = false
            position += 1
            guard position < bytes.count, ASCIIBytes.isDigit(bytes[position]) else { return nil }
            digits()
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            integer = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard position < bytes.count, ASCIIBytes.isDigit(bytes[position]) else { return nil }
            digits()
        }
        return (position, integer)
    }

    /// Whether `text` (`true`, `false` or `null`) is written at `start`.
    package static func literal(_ text: StaticString, in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard start + count <= bytes.count, let base = bytes.baseAddress else { return false }
        return memcmp(base + start, text.utf8Start, count) == 0
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
