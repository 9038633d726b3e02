/// The top-level members of a JSON object as byte ranges of its text, found without building
/// any value. Sealing replaces one member's value and drops another; the rest of the payload
/// is copied as written, so nothing else of it has to be parsed into Foundation objects and
/// printed again (the profile's largest cost). The store then canonicalises the text as jsonb
/// does, which keeps numbers as written: `1.50` is stored as `1.50` where the Foundation path
/// printed `1.5`, and integers past 2^53 keep their digits where Foundation rounded them. Each
/// event's hash covers what it stores, and jsonb equality (a replay's check) compares numbers
/// by value, so only a value Foundation rounded could differ on a retry across versions.
///
/// Only what sealing needs to be exact is checked here: the object's own structure, its keys,
/// and where each value ends. A value's inside is skipped by its brackets and strings; the
/// store's validation parses the result fully and refuses invalid JSON. Keys written with
/// escapes, or repeated, answer nil: the caller then takes the Foundation path, which reads
/// them as JSON does, so a `person` spelled `"pers\u006fn"` is found and sealed all the same.
struct JSONMembers {
    struct Member {
        /// The key as written between its quotes (no escapes, by construction).
        var key: String
        /// The key with its quotes.
        var keyRange: Range<Int>
        var valueRange: Range<Int>
    }

    let bytes: [UInt8]
    let members: [Member]

    init?(_ bytes: [UInt8]) {
        var scanner = MemberScanner(bytes: bytes)
        guard let members = scanner.object(), Self.keysAreDistinct(members) else { return nil }
        self.bytes = bytes
        self.members = members
    }

    /// Compared pair by pair up to a few dozen members (a payload has about a dozen): hashing
    /// every key into a set cost a tenth of sealing an event in the release profile.
    private static func keysAreDistinct(_ members: [Member]) -> Bool {
        guard members.count > 32 else {
            for (index, member) in members.enumerated() {
                for other in members[(index + 1)...] where other.key == member.key { return false }
            }
            return true
        }
        var seen = Set<String>()
        for member in members where !seen.insert(member.key).inserted { return false }
        return true
    }

    func member(_ key: String) -> Member? { members.first { $0.key == key } }

    func value(of member: Member) -> ArraySlice<UInt8> { bytes[member.valueRange] }

    /// The string value of `key` when it is a string written without escapes; nil otherwise.
    func plainString(_ key: String) -> String? {
        guard let member = member(key) else { return nil }
        let value = bytes[member.valueRange]
        guard value.count >= 2, value.first == UInt8(ascii: "\""), value.last == UInt8(ascii: "\""),
            !value.contains(UInt8(ascii: "\\"))
        else { return nil }
        return String(decoding: value.dropFirst().dropLast(), as: UTF8.self)
    }

    /// The object printed again member by member: `replacing` gives a member's new value text,
    /// `dropping` the members left out; every other value is copied byte for byte.
    func rewritten(replacing replacements: [String: [UInt8]], dropping dropped: Set<String>) -> [UInt8] {
        var output: [UInt8] = [UInt8(ascii: "{")]
        output.reserveCapacity(bytes.count + replacements.values.reduce(0) { $0 + $1.count })
        var first = true
        for member in members where !dropped.contains(member.key) {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            output.append(contentsOf: bytes[member.keyRange])
            output.append(UInt8(ascii: ":"))
            if let replacement = replacements[member.key] {
                output.append(contentsOf: replacement)
            } else {
                output.append(contentsOf: bytes[member.valueRange])
            }
        }
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// A forward scanner over the text; every method answers nil on anything it cannot place.
    private struct MemberScanner {
        let bytes: [UInt8]
        var index = 0
        /// Deeper than this is refused (the Foundation path then decides), as a bound on the stack.
        static let maxDepth = 512

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func object() -> [Member]? {
            skipWhitespace()
            guard take(UInt8(ascii: "{")) else { return nil }
            var members: [Member] = []
            skipWhitespace()
            if take(UInt8(ascii: "}")) { return finished() ? members : nil }
            while true {
                skipWhitespace()
                let keyStart = index
                guard let key = plainKey() else { return nil }
                let keyRange = keyStart..<index
                skipWhitespace()
                guard take(UInt8(ascii: ":")) else { return nil }
                skipWhitespace()
                let valueStart = index
                guard skipValue(depth: 1) else { return nil }
                members.append(Member(key: key, keyRange: keyRange, valueRange: valueStart..<index))
                skipWhitespace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "}")) else { return nil }
                return finished() ? members : nil
            }
        }

        /// Only whitespace may follow the object.
        private mutating func finished() -> Bool {
            skipWhitespace()
            return index == bytes.count
        }

        /// A key without escapes (nil for one with: its meaning needs decoding).
        private mutating func plainKey() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    let key = String(decoding: bytes[start..<index], as: UTF8.self)
                    index += 1
                    return key
                case UInt8(ascii: "\\"), 0..<0x20: return nil
                default: index += 1
                }
            }
            return nil
        }

        private mutating func skipValue(depth: Int) -> Bool {
            guard depth <= Self.maxDepth, index < bytes.count else { return false }
            switch bytes[index] {
            case UInt8(ascii: "\""): return skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close = bytes[index] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                index += 1
                while true {
                    skipWhitespace()
                    guard index < bytes.count else { return false }
                    if take(close) { return true }
                    switch bytes[index] {
                    case UInt8(ascii: ","), UInt8(ascii: ":"): index += 1
                    default: guard skipValue(depth: depth + 1) else { return false }
                    }
                }
            default:
                // A number or a literal: up to the next delimiter.
                let start = index
                while index < bytes.count, !Self.isDelimiter(bytes[index]) { index += 1 }
                return index > start
            }
        }

        private mutating func skipString() -> Bool {
            index += 1
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    index += 1
                    return true
                case UInt8(ascii: "\\"): index += 2
                default: index += 1
                }
            }
            return false
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        private mutating func skipWhitespace() {
            while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
        }

        private static func isWhitespace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
        }

        private static func isDelimiter(_ byte: UInt8) -> Bool {
            isWhitespace(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: ":")
        }
    }
}
