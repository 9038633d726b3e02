import Foundation

/// The text `JSONSerialization` prints for a sealed part's plaintext (`.sortedKeys`,
/// `.withoutEscapingSlashes`), printed directly for the values personal parts are made of:
/// objects whose keys are ASCII letters, strings, arrays and null. Printing it through
/// Foundation was two thirds of sealing one event in the release profile (its sorted keys
/// compare with the system locale's numeric, case-insensitive rules); the bytes must stay the
/// same, because the nonce is derived from them and a retried append must seal to the very same
/// part. Anything else (numbers and booleans, which Foundation prints by its own rules, keys
/// with other characters or equal apart from case) answers nil, and the caller asks Foundation.
enum SortedJSONText {
    static func bytes(_ value: Any) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        return write(value, into: &output) ? output : nil
    }

    private static func write(_ value: Any, into output: inout [UInt8]) -> Bool {
        if let text = value as? String {
            writeString(text, into: &output)
            return true
        }
        if value is NSNull {
            output.append(contentsOf: "null".utf8)
            return true
        }
        if let object = value as? [String: Any] {
            return writeObject(object, into: &output)
        }
        if let array = value as? [Any] {
            output.append(UInt8(ascii: "["))
            for (index, element) in array.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                guard write(element, into: &output) else { return false }
            }
            output.append(UInt8(ascii: "]"))
            return true
        }
        return false
    }

    /// Foundation orders keys case-insensitively (and digit runs as numbers); for keys of ASCII
    /// letters that differ in more than case, that is the order of their lower-cased bytes.
    private static func writeObject(_ object: [String: Any], into output: inout [UInt8]) -> Bool {
        var keyed: [(folded: [UInt8], key: String, value: Any)] = []
        keyed.reserveCapacity(object.count)
        for (key, value) in object {
            var folded: [UInt8] = []
            folded.reserveCapacity(key.utf8.count)
            for byte in key.utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"): folded.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): folded.append(byte + 32)
                default: return false
                }
            }
            if folded.isEmpty { return false }
            keyed.append((folded, key, value))
        }
        keyed.sort { $0.folded.lexicographicallyPrecedes($1.folded) }
        for index in keyed.indices.dropFirst() where keyed[index].folded == keyed[index - 1].folded { return false }
        output.append(UInt8(ascii: "{"))
        for (index, member) in keyed.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            writeString(member.key, into: &output)
            output.append(UInt8(ascii: ":"))
            guard write(member.value, into: &output) else { return false }
        }
        output.append(UInt8(ascii: "}"))
        return true
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// Escaped as Foundation does: the quote, the backslash, the five short control escapes and
    /// other control characters as lower-case `\u00xx`; everything else (slashes, DEL, U+2028)
    /// as UTF-8.
    private static func writeString(_ text: String, into output: inout [UInt8]) {
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
