import Foundation
import LabLedgerDomain

/// A table's rows, given as JSON objects (as `projection_write_rows` takes them), laid out as the
/// lines of `COPY … FROM STDIN` in text format, for bulk writes: a rebuild's pages whose rows
/// are deferred and its end, and any other page larger than the fold chunk (a catch-up's).
///
/// `projection_write_rows` inserts with `jsonb_populate_recordset(NULL::table, rows)`, which
/// PostgreSQL pays for twice: it builds each row's binary jsonb, then reads it back into the
/// columns. `COPY` reads text straight into the columns: 25,000 rows of three projection tables
/// with their indexes took 177–182 ms against 390–457 ms, and 11,000 documents 231–267 ms
/// against 353–462 ms (bench/README.md, "A rebuild's rows written with COPY").
///
/// Every line holds the value `jsonb_populate_recordset` gives each column: a member's value by
/// its key, NULL for a column the row has no member for (not the column's default), members
/// that are no column ignored. A row this does not convert exactly, it refuses (nil), and the
/// caller writes that table's rows as before:
/// - a `json`/`jsonb` column gets the member's JSON text (PostgreSQL parses it as it parsed the
///   row), JSON null as NULL;
/// - an array column gets a JSON array of strings, integers, booleans and nulls, as an array
///   literal;
/// - any other column a string (unescaped), an integer as written, `true` or `false`, or NULL;
///   a number with a fraction or exponent (jsonb prints numbers its own way), an object or an
///   array there, or a string holding U+0000 (which no text column can hold), is refused.
struct CopyRows {
    enum Kind: Sendable, Equatable {
        case scalar, json, array
    }

    struct Column: Sendable, Equatable {
        var name: String
        var kind: Kind
    }

    let columns: [Column]
    /// The columns' names as the bytes of a row's keys.
    private let names: [[UInt8]]

    init(columns: [Column]) {
        self.columns = columns
        names = columns.map { Array($0.name.utf8) }
    }

    /// `rows` as COPY text, or nil if any of them is refused.
    func text(_ rows: [Data]) -> [UInt8]? {
        var text: [UInt8] = []
        text.reserveCapacity(rows.reduce(0) { $0 + $1.count } + rows.count)
        var spans = [Range<Int>?](repeating: nil, count: columns.count)
        var values = [Int](repeating: -1, count: columns.count)
        for row in rows {
            // Most rows in one pass over their bytes (CopyRowsScan.swift); the rest by the tape.
            if appendScanned(row, to: &text, spans: &spans) { continue }
            guard append(row, to: &text, values: &values) else { return nil }
        }
        return text
    }

    /// The column whose name is the key at `key` in `bytes`, searched from column `guess` on.
    func column(named key: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>, from guess: Int) -> Int? {
        // A key is only looked up once its bytes were read, so `bytes` has a base address.
        let keyStart = bytes.baseAddress! + key.lowerBound
        for offset in 0..<names.count {
            let column = (guess + offset) % names.count
            let matches = names[column].withUnsafeBufferPointer { name in
                // A name with bytes has a base address.
                name.count == key.count && (name.isEmpty || memcmp(keyStart, name.baseAddress!, name.count) == 0)
            }
            if matches { return column }
        }
        return nil
    }

    /// Appends `row`'s line to `text`; false, leaving `text` as it was, if it is refused.
    /// `values` is room for each column's value token, reused from row to row.
    func append(_ row: Data, to text: inout [UInt8], values: inout [Int]) -> Bool {
        guard let tape = CompactJSONTape(Array(row)), let root = tape.tokens.first, root.kind == .object else { return false }
        // Each column's value token, found by key; rows of a table list their members in the
        // same order, so the search starts at the column after the last one found.
        for index in values.indices { values[index] = -1 }
        var member = 1
        var guess = 0
        for _ in 0..<Int(root.count) {
            let value = member + 1
            for offset in 0..<columns.count {
                let column = (guess + offset) % columns.count
                if tape.key(member, is: columns[column].name) {
                    values[column] = value
                    guess = column + 1
                    break
                }
            }
            member = Int(tape.tokens[value].next)
        }
        let mark = text.count
        for (index, column) in columns.enumerated() {
            if index > 0 { text.append(UInt8(ascii: "\t")) }
            guard Self.appendValue(values[index], of: column.kind, in: tape, to: &text) else {
                text.removeSubrange(mark...)
                return false
            }
        }
        text.append(UInt8(ascii: "\n"))
        return true
    }

    private static func appendValue(_ index: Int, of kind: Kind, in tape: CompactJSONTape, to text: inout [UInt8]) -> Bool {
        guard index >= 0 else {
            text.append(contentsOf: nullMarker)
            return true
        }
        let token = tape.tokens[index]
        if token.kind == .null {
            text.append(contentsOf: nullMarker)
            return true
        }
        switch kind {
        case .json:
            // Strings' quotes are not in the token's range; containers' brackets are. A number
            // goes through as written: PostgreSQL reads it into jsonb as it read the row.
            let start = token.kind == .string ? Int(token.start) - 1 : Int(token.start)
            let end = token.kind == .string ? Int(token.end) + 1 : Int(token.end)
            appendEscaped(tape.bytes[start..<end], to: &text)
            return true
        case .array:
            guard token.kind == .array else { return false }
            var literal: [UInt8] = [UInt8(ascii: "{")]
            var element = index + 1
            for position in 0..<Int(token.count) {
                if position > 0 { literal.append(UInt8(ascii: ",")) }
                guard appendElement(element, in: tape, to: &literal) else { return false }
                element = Int(tape.tokens[element].next)
            }
            literal.append(UInt8(ascii: "}"))
            appendEscaped(literal[...], to: &text)
            return true
        case .scalar:
            // Most values: a string without escapes is its bytes, which hold no backslash and no
            // control character (JSON escapes those), so COPY needs nothing escaped.
            if token.kind == .string, !token.hasEscapes {
                text.append(contentsOf: tape.bytes[Int(token.start)..<Int(token.end)])
                return true
            }
            guard let scalar = scalarText(index, in: tape) else { return false }
            appendEscaped(scalar[...], to: &text)
            return true
        }
    }

    /// An array literal's element: NULL, or the scalar's text in double quotes, with the two
    /// characters an array literal escapes (`"` and `\`) escaped.
    private static func appendElement(_ index: Int, in tape: CompactJSONTape, to literal: inout [UInt8]) -> Bool {
        if tape.tokens[index].kind == .null {
            literal.append(contentsOf: Array("NULL".utf8))
            return true
        }
        guard let scalar = scalarText(index, in: tape) else { return false }
        literal.append(UInt8(ascii: "\""))
        for byte in scalar {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { literal.append(UInt8(ascii: "\\")) }
            literal.append(byte)
        }
        literal.append(UInt8(ascii: "\""))
        return true
    }

    /// The text a string, an integer or a boolean gives a column; nil for anything else.
    private static func scalarText(_ index: Int, in tape: CompactJSONTape) -> [UInt8]? {
        let token = tape.tokens[index]
        switch token.kind {
        case .string:
            guard let string = tape.string(index) else { return nil }
            let bytes = Array(string.utf8)
            return bytes.contains(0) ? nil : bytes
        case .number:
            // jsonb keeps -0 as 0, which a text column would then hold; refused rather than told apart.
            guard token.isInteger else { return nil }
            let digits = Array(tape.bytes[Int(token.start)..<Int(token.end)])
            return digits == Array("-0".utf8) ? nil : digits
        case .bool:
            return Array((token.isTrue ? "true" : "false").utf8)
        case .object, .array, .null:
            return nil
        }
    }

    static let nullMarker = Array(#"\N"#.utf8)

    /// COPY's text format: a backslash, and the tab, newline and carriage return that would end
    /// a column or a line, escaped with a backslash.
    static func appendEscaped(_ bytes: ArraySlice<UInt8>, to text: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { appendEscaped($0[...], to: &text) }
    }

    static func appendEscaped(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, to text: inout [UInt8]) {
        // Runs without anything to escape go in whole.
        var run = bytes.startIndex
        for position in bytes.indices {
            let escaped: UInt8
            switch bytes[position] {
            case UInt8(ascii: "\\"): escaped = UInt8(ascii: "\\")
            case 0x09: escaped = UInt8(ascii: "t")
            case 0x0A: escaped = UInt8(ascii: "n")
            case 0x0D: escaped = UInt8(ascii: "r")
            default: continue
            }
            text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<position]))
            text.append(UInt8(ascii: "\\"))
            text.append(escaped)
            run = position + 1
        }
        text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<bytes.endIndex]))
    }
}
