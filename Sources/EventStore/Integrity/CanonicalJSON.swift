/// PostgreSQL's jsonb text form, computed in Swift, so that an event's hash can be computed
/// before the insert and recomputed from `data::text` afterwards.
///
/// jsonb prints object keys ordered by byte length and then bytes, keeps the last of duplicate
/// keys, separates with ", " and ": ", escapes only `"`, `\`, and control characters (as
/// `\b \f \n \r \t` or lower-case `\u00xx`), and prints numbers through `numeric`, which keeps a
/// plain decimal as written except that negative zero loses its sign. Numbers with an exponent
/// and `\u0000` (which jsonb refuses) are left to the database: the result then says so.
public enum CanonicalJSON {
    enum Outcome: Equatable {
        /// The document is a JSON object and this is its jsonb text.
        case canonical(String)
        /// The document is a JSON object, but only the database can print it exactly.
        case needsDatabase
        /// Not JSON, or JSON but not an object.
        case notAnObject
    }

    static func canonicalObject(_ bytes: [UInt8]) -> Outcome {
        var parser = Parser(bytes: bytes)
        guard let value = try? parser.parseDocument() else { return .notAnObject }
        guard case .object = value else { return .notAnObject }
        if parser.needsDatabase { return .needsDatabase }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        write(value, into: &output)
        return .canonical(String(decoding: output, as: UTF8.self))
    }

    /// A parsed document: strings as their unescaped UTF-8, numbers as their literals.
    public indirect enum Value: Sendable {
        case object([(key: [UInt8], value: Value)])
        case array([Value])
        case string([UInt8])
        case number([UInt8])
        case bool(Bool)
        case null
    }

    static func write(_ value: Value, into output: inout [UInt8]) {
        switch value {
        case .object(let members):
            // Ordered by key length, then bytes, then position, so that of repeated keys the
            // last written ends its run and is the one kept; no hashing of every key.
            let order = members.indices.sorted { lhs, rhs in
                let left = members[lhs].key, right = members[rhs].key
                if left.count != right.count { return left.count < right.count }
                if left != right { return left.lexicographicallyPrecedes(right) }
                return lhs < rhs
            }
            var sorted: [(key: [UInt8], value: Value)] = []
            sorted.reserveCapacity(order.count)
            for (position, index) in order.enumerated()
            where position + 1 == order.count || members[order[position + 1]].key != members[index].key {
                sorted.append(members[index])
            }
            output.append(UInt8(ascii: "{"))
            for (index, member) in sorted.enumerated() {
                if index > 0 { output.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: " ")]) }
                writeString(member.key, into: &output)
                output.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
                write(member.value, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: " ")]) }
                write(element, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .string(let bytes):
            writeString(bytes, into: &output)
        case .number(let literal):
            let isZero = literal.allSatisfy { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
            output.append(contentsOf: isZero && literal.first == UInt8(ascii: "-") ? Array(literal.dropFirst()) : literal)
        case .bool(let flag):
            output.append(contentsOf: flag ? "true".utf8 : "false".utf8)
        case .null:
            output.append(contentsOf: "null".utf8)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func writeString(_ bytes: [UInt8], into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Most strings need no escape: copied in one go.
        guard bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            output.append(contentsOf: bytes)
            output.append(UInt8(ascii: "\""))
            return
        }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                output.append(contentsOf: "\\u00".utf8)
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            default:
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
