import Foundation
import LabLedgerDomain

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
        #if !os(Linux)
        // The order copied is corelibs Foundation's (Linux); elsewhere Foundation decides.
        return nil
        #else
        var output: [UInt8] = []
        output.reserveCapacity(256)
        return write(value, into: &output) ? output : nil
        #endif
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

    /// Escaped as Foundation does: the quote, the backslash, the five short control escapes and
    /// other control characters as lower-case `\u00xx`; everything else (slashes, DEL, U+2028)
    /// as UTF-8 — `CompactJSONEncoder`'s strings, which are tested byte for byte against it.
    private static func writeString(_ text: String, into output: inout [UInt8]) {
        CompactJSONEncoder.appendString(text, to: &output)
    }
}

extension SortedJSONText {
    /// The plaintext of a sealed part straight from the payload's bytes: `members` are its
    /// top-level name and value texts (null values already left out). The same bytes as parsing
    /// them with Foundation and printing the object as `bytes(_:)` does, for values of the same
    /// kinds, with strings written without escapes; anything else answers nil. Parsing into
    /// Foundation objects only to print them again cost as much as the printing (its dynamic
    /// casts), so the common case never builds them.
    static func bytes(members: [(key: String, value: ArraySlice<UInt8>)]) -> [UInt8]? {
        #if !os(Linux)
        return nil
        #else
        var object: [Member] = []
        for (key, value) in members {
            var reader = Reader(bytes: value)
            guard let folded = fold(key.utf8), let node = reader.document() else { return nil }
            object.append(Member(folded: folded, key: Array(key.utf8), value: node))
        }
        var output: [UInt8] = []
        output.reserveCapacity(members.reduce(16) { $0 + $1.value.count + 8 })
        return write(.object(object), into: &output) ? output : nil
        #endif
    }

    struct Member {
        var folded: [UInt8]
        var key: [UInt8]
        var value: Node
    }

    indirect enum Node {
        /// A string's content as written (no escapes, valid UTF-8), without its quotes.
        case string(ArraySlice<UInt8>)
        case null
        case array([Node])
        case object([Member])
    }

    /// The key lower-cased, when it is ASCII letters only; nil otherwise.
    static func fold(_ key: some Collection<UInt8>) -> [UInt8]? {
        var folded: [UInt8] = []
        folded.reserveCapacity(key.count)
        for byte in key {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): folded.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): folded.append(byte + 32)
            default: return nil
            }
        }
        return folded.isEmpty ? nil : folded
    }

    private static func write(_ node: Node, into output: inout [UInt8]) -> Bool {
        switch node {
        case .string(let content):
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: content)
            output.append(UInt8(ascii: "\""))
        case .null:
            output.append(contentsOf: "null".utf8)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                guard write(element, into: &output) else { return false }
            }
            output.append(UInt8(ascii: "]"))
        case .object(var members):
            members.sort { $0.folded.lexicographicallyPrecedes($1.folded) }
            // Keys equal apart from case (or repeated, which Foundation resolves its own way).
            for index in members.indices.dropFirst() where members[index].folded == members[index - 1].folded { return false }
            output.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                output.append(UInt8(ascii: "\""))
                output.append(contentsOf: member.key)
                output.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
                guard write(member.value, into: &output) else { return false }
            }
            output.append(UInt8(ascii: "}"))
        }
        return true
    }

    /// A strict reader of the kinds above; nil on anything else, including what is not JSON
    /// (the Foundation path then reports it as before).
    struct Reader {
        let bytes: ArraySlice<UInt8>
        var index: Int
        var depth = 0

        init(bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            self.index = bytes.startIndex
        }

        mutating func document() -> Node? {
            skipWhitespace()
            guard let node = value() else { return nil }
            skipWhitespace()
            return index == bytes.endIndex ? node : nil
        }

        private mutating func value() -> Node? {
            guard index < bytes.endIndex, depth < 64 else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "\""): return string().map { .string($0) }
            case UInt8(ascii: "n"):
                guard bytes[index...].starts(with: "null".utf8) else { return nil }
                index += 4
                return .null
            case UInt8(ascii: "["):
                depth += 1
                defer { depth -= 1 }
                index += 1
                var elements: [Node] = []
                skipWhitespace()
                if take(UInt8(ascii: "]")) { return .array(elements) }
                while true {
                    skipWhitespace()
                    guard let element = value() else { return nil }
                    elements.append(element)
                    skipWhitespace()
                    if take(UInt8(ascii: ",")) { continue }
                    return take(UInt8(ascii: "]")) ? .array(elements) : nil
                }
            case UInt8(ascii: "{"):
                depth += 1
                defer { depth -= 1 }
                index += 1
                var members: [Member] = []
                skipWhitespace()
                if take(UInt8(ascii: "}")) { return .object(members) }
                while true {
                    skipWhitespace()
                    guard index < bytes.endIndex, bytes[index] == UInt8(ascii: "\""), let key = string(), let folded = fold(key) else { return nil }
                    skipWhitespace()
                    guard take(UInt8(ascii: ":")) else { return nil }
                    skipWhitespace()
                    guard let member = value() else { return nil }
                    members.append(Member(folded: folded, key: Array(key), value: member))
                    skipWhitespace()
                    if take(UInt8(ascii: ",")) { continue }
                    return take(UInt8(ascii: "}")) ? .object(members) : nil
                }
            default:
                // Numbers and booleans: Foundation prints them by its own rules.
                return nil
            }
        }

        /// A string without escapes or control characters, valid UTF-8; its content.
        private mutating func string() -> ArraySlice<UInt8>? {
            index += 1
            let start = index
            while index < bytes.endIndex {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let content = bytes[start..<index]
                    index += 1
                    // ASCII is valid UTF-8 as it stands; only other text is checked.
                    if content.allSatisfy({ $0 < 0x80 }) { return content }
                    return String(validating: content, as: UTF8.self) == nil ? nil : content
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                index += 1
            }
            return nil
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.endIndex, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        private mutating func skipWhitespace() {
            while index < bytes.endIndex {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }
    }
}
