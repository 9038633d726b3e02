extension CanonicalJSON {
    /// A strict RFC 8259 parser over UTF-8 bytes that keeps number literals as written. Public
    /// for the API's reading of request bodies (`JSONValueReader`).
    public struct Parser {
        public struct Invalid: Error {}

        let bytes: [UInt8]
        var index = 0
        /// Set when the document holds something only the database prints exactly: an unpaired
        /// surrogate escape, `\u0000`, or a number with an exponent.
        public private(set) var needsDatabase = false
        private var depth = 0
        private static let maximumDepth = 512

        public init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        public mutating func parseDocument() throws(Invalid) -> Value {
            skipWhitespace()
            let value = try parseValue()
            skipWhitespace()
            guard index == bytes.count else { throw Invalid() }
            return value
        }

        private mutating func parseValue() throws(Invalid) -> Value {
            guard index < bytes.count else { throw Invalid() }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try parseObject()
            case UInt8(ascii: "["): return try parseArray()
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try expect("null"); return .null
            default: return .number(try parseNumber())
            }
        }

        private mutating func parseObject() throws(Invalid) -> Value {
            try enter()
            index += 1
            var members: [(key: [UInt8], value: Value)] = []
            skipWhitespace()
            if peek(UInt8(ascii: "}")) { index += 1; depth -= 1; return .object(members) }
            while true {
                skipWhitespace()
                guard peek(UInt8(ascii: "\"")) else { throw Invalid() }
                let key = try parseString()
                skipWhitespace()
                guard peek(UInt8(ascii: ":")) else { throw Invalid() }
                index += 1
                skipWhitespace()
                members.append((key, try parseValue()))
                skipWhitespace()
                if peek(UInt8(ascii: ",")) { index += 1; continue }
                guard peek(UInt8(ascii: "}")) else { throw Invalid() }
                index += 1
                depth -= 1
                return .object(members)
            }
        }

        private mutating func parseArray() throws(Invalid) -> Value {
            try enter()
            index += 1
            var elements: [Value] = []
            skipWhitespace()
            if peek(UInt8(ascii: "]")) { index += 1; depth -= 1; return .array(elements) }
            while true {
                skipWhitespace()
                elements.append(try parseValue())
                skipWhitespace()
                if peek(UInt8(ascii: ",")) { index += 1; continue }
                guard peek(UInt8(ascii: "]")) else { throw Invalid() }
                index += 1
                depth -= 1
                return .array(elements)
            }
        }

        /// The string's content as UTF-8, escapes resolved. The input is valid UTF-8 already
        /// (the caller checked), so raw bytes are copied as they are.
        private mutating func parseString() throws(Invalid) -> [UInt8] {
            index += 1
            // Most strings hold no escape: their bytes are taken in one slice.
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return Array(bytes[start..<index - 1])
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                index += 1
            }
            var content = Array(bytes[start..<index])
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return content
                case UInt8(ascii: "\\"):
                    index += 1
                    guard index < bytes.count else { throw Invalid() }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): content.append(escape)
                    case UInt8(ascii: "b"): content.append(0x08)
                    case UInt8(ascii: "f"): content.append(0x0C)
                    case UInt8(ascii: "n"): content.append(0x0A)
                    case UInt8(ascii: "r"): content.append(0x0D)
                    case UInt8(ascii: "t"): content.append(0x09)
                    case UInt8(ascii: "u"): try appendUnicodeEscape(to: &content)
                    default: throw Invalid()
                    }
                case 0..<0x20:
                    throw Invalid()
                default:
                    content.append(byte)
                    index += 1
                }
            }
            throw Invalid()
        }

        private mutating func appendUnicodeEscape(to content: inout [UInt8]) throws(Invalid) {
            var scalar = try hex4()
            if (0xD800...0xDBFF).contains(scalar) {
                // A high surrogate must be followed by an escaped low one.
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    needsDatabase = true
                    return
                }
                index += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { needsDatabase = true; return }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) || scalar == 0 {
                // A lone low surrogate or NUL: jsonb refuses it, let the database say how.
                needsDatabase = true
                return
            }
            guard let unicode = Unicode.Scalar(scalar) else { needsDatabase = true; return }
            content.append(contentsOf: Array(String(Character(unicode)).utf8))
        }

        private mutating func hex4() throws(Invalid) -> UInt32 {
            guard index + 4 <= bytes.count else { throw Invalid() }
            var value: UInt32 = 0
            for byte in bytes[index..<index + 4] {
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw Invalid()
                }
                value = value * 16 + digit
            }
            index += 4
            return value
        }

        private mutating func parseNumber() throws(Invalid) -> [UInt8] {
            let start = index
            if peek(UInt8(ascii: "-")) { index += 1 }
            if peek(UInt8(ascii: "0")) {
                index += 1
            } else {
                guard digits() > 0 else { throw Invalid() }
            }
            if peek(UInt8(ascii: ".")) {
                index += 1
                guard digits() > 0 else { throw Invalid() }
            }
            if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
                index += 1
                if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { index += 1 }
                guard digits() > 0 else { throw Invalid() }
                // numeric rescales exponents (1e3 prints as 1000); the database knows exactly how.
                needsDatabase = true
            }
            return Array(bytes[start..<index])
        }

        private mutating func digits() -> Int {
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - start
        }

        private mutating func expect(_ word: String) throws(Invalid) {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
                throw Invalid()
            }
            index += expected.count
        }

        private mutating func enter() throws(Invalid) {
            depth += 1
            guard depth <= Self.maximumDepth else { throw Invalid() }
        }

        private func peek(_ byte: UInt8) -> Bool {
            index < bytes.count && bytes[index] == byte
        }

        private mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }
    }
}
