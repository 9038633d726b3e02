import Foundation
import LabLedgerDomain

/// The rows the projections write, laid out in one pass over their bytes.
///
/// The rows come from `CompactJSONEncoder`: no whitespace, keys without escapes, and mostly
/// integers and strings without escapes. For those, cutting the whole row into tokens
/// (`CompactJSONTape`), copying it into an array first and checking that every object's keys
/// are distinct was most of what `CopyRows` cost, itself 8% of a rebuild's worker CPU
/// (bench/README.md, "Rows laid out in one pass").
/// This scan finds each column's value in place and writes the line from the row's own bytes.
///
/// It takes a row only where the line it writes is the one the tape writes, and otherwise
/// answers false, so that the caller lays that row out with the tape, which writes it or
/// refuses it as before. It answers false for whitespace, a key with an escape or a byte
/// beyond ASCII, a column's key twice, a string with an escape in a scalar or array column,
/// nesting deeper than 64, and everything the tape refuses. One difference is by design: where
/// the line does not depend on them, in the objects inside a jsonb column's value and among the
/// members that are no column, it does not check keys the tape refuses (a key twice, a key
/// with an escape or beyond ASCII). Both routes then store the same row: PostgreSQL reads a
/// key's escapes and keeps an object's last value for a key whether it reads the row's JSON or
/// the column's text, and ignores members that are no column. (A row PostgreSQL does not take
/// as jsonb, such as one with `\u0000` in a key inside a member that is no column, fails as the
/// row's JSON and may be stored by COPY; the tape already wrote rows with such a string as a
/// member's value, and `CompactJSONEncoder` writes no such key or string.)
extension CopyRows {
    /// Appends `row`'s line to `text`; false, leaving `text` as it was, for a row it leaves to the
    /// tape. `spans` is room for each column's value, one per column, reused from row to row.
    func appendScanned(_ row: Data, to text: inout [UInt8], spans: inout [Range<Int>?]) -> Bool {
        row.withUnsafeBytes { raw in
            raw.withMemoryRebound(to: UInt8.self) { bytes in
                var scanner = RowScanner(bytes: bytes)
                guard scanner.columnSpans(of: self, into: &spans) else { return false }
                for index in columns.indices {
                    if index > 0 { text.append(UInt8(ascii: "\t")) }
                    Self.appendScannedValue(spans[index], of: columns[index].kind, in: bytes, to: &text)
                }
                text.append(UInt8(ascii: "\n"))
                return true
            }
        }
    }

    /// A value the scan checked: the tape's line for it, byte for byte.
    private static func appendScannedValue(_ span: Range<Int>?, of kind: Kind, in bytes: UnsafeBufferPointer<UInt8>, to text: inout [UInt8]) {
        guard let span, bytes[span.lowerBound] != UInt8(ascii: "n") else {
            text.append(contentsOf: nullMarker)
            return
        }
        switch kind {
        case .json:
            appendEscaped(bytes[span], to: &text)
        case .scalar:
            // A string without escapes holds no backslash and no control character.
            let quoted = bytes[span.lowerBound] == UInt8(ascii: "\"")
            let inside = quoted ? (span.lowerBound + 1)..<(span.upperBound - 1) : span
            text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[inside]))
        case .array:
            // Elements the scan checked: strings without escapes (so without `"` and `\`),
            // integers, booleans and nulls, with nothing for COPY to escape either.
            text.append(UInt8(ascii: "{"))
            var position = span.lowerBound + 1
            while bytes[position] != UInt8(ascii: "]") {
                if bytes[position] == UInt8(ascii: ",") {
                    text.append(UInt8(ascii: ","))
                    position += 1
                }
                var end = position + 1
                if bytes[position] == UInt8(ascii: "\"") {
                    while bytes[end] != UInt8(ascii: "\"") { end += 1 }
                    end += 1
                    text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position..<end]))
                } else {
                    while bytes[end] != UInt8(ascii: ",") && bytes[end] != UInt8(ascii: "]") { end += 1 }
                    if bytes[position] == UInt8(ascii: "n") {
                        text.append(contentsOf: nullElement)
                    } else {
                        text.append(UInt8(ascii: "\""))
                        text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position..<end]))
                        text.append(UInt8(ascii: "\""))
                    }
                }
                position = end
            }
            text.append(UInt8(ascii: "}"))
        }
    }

    private static let nullElement: [UInt8] = Array("NULL".utf8)
}

/// One pass over a row's bytes, answering false wherever the row is not of the kind
/// `appendScanned` takes.
private struct RowScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    /// The span of each column's value in the row, nil for a column the row has no member for.
    mutating func columnSpans(of layout: CopyRows, into spans: inout [Range<Int>?]) -> Bool {
        for index in spans.indices { spans[index] = nil }
        guard take(UInt8(ascii: "{")) else { return false }
        if !take(UInt8(ascii: "}")) {
            // Rows of a table list their members in the same order, so the search for a key's
            // column starts at the column after the last one found.
            var guess = 0
            repeat {
                guard let key = plainKey(), take(UInt8(ascii: ":")) else { return false }
                let start = position
                if let column = layout.column(named: key, in: bytes, from: guess) {
                    guard spans[column] == nil, value(of: layout.columns[column].kind) else { return false }
                    spans[column] = start..<position
                    guess = column + 1
                } else {
                    guard skipValue() else { return false }
                }
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")) else { return false }
        }
        return position == bytes.count
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// A key's bytes between its quotes, if it has no escape and no byte beyond ASCII.
    private mutating func plainKey() -> Range<Int>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return start..<(position - 1)
            }
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { return nil }
            position += 1
        }
        return nil
    }

    /// A column's value of the kind the scan writes (see `CopyRows`): false for one it leaves
    /// to the tape.
    private mutating func value(of kind: CopyRows.Kind) -> Bool {
        guard let first = current else { return false }
        if first == UInt8(ascii: "n") { return literal("null") }
        switch kind {
        case .json:
            return skipValue()
        case .scalar:
            return scalar(first, element: false)
        case .array:
            guard take(UInt8(ascii: "[")) else { return false }
            if take(UInt8(ascii: "]")) { return true }
            repeat {
                guard let element = current else { return false }
                guard element == UInt8(ascii: "n") ? literal("null") : scalar(element, element: true) else { return false }
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]"))
        }
    }

    /// A string without escapes, an integer other than -0, or a boolean. An array's element
    /// string is valid UTF-8 too, as the tape reads it into a `String` (a column's string it
    /// writes as its bytes).
    private mutating func scalar(_ first: UInt8, element: Bool) -> Bool {
        switch first {
        case UInt8(ascii: "\""):
            let start = position + 1
            guard let shape = string(), !shape.escaped else { return false }
            return !element || shape.ascii
                || String(validating: UnsafeBufferPointer(rebasing: bytes[start..<(position - 1)]), as: UTF8.self) != nil
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        default:
            let start = position
            guard number() == true else { return false }
            return !(position - start == 2 && bytes[start] == UInt8(ascii: "-") && bytes[start + 1] == UInt8(ascii: "0"))
        }
    }

    /// Any JSON value, checked as the tape checks it but for the keys of the objects in it (see
    /// `CopyRows.appendScanned`). Containers are walked without recursion: a bit per open
    /// container says whether it is an object.
    private mutating func skipValue() -> Bool {
        var objects: UInt64 = 0
        var depth = 0
        while true {
            guard let first = current else { return false }
            var closed: Bool
            switch first {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < 64 else { return false }
                let object = first == UInt8(ascii: "{")
                position += 1
                if take(object ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    closed = true
                } else {
                    objects = objects << 1 | (object ? 1 : 0)
                    depth += 1
                    if object {
                        guard string() != nil, take(UInt8(ascii: ":")) else { return false }
                    }
                    continue
                }
            case UInt8(ascii: "\""): closed = string() != nil
            case UInt8(ascii: "t"): closed = literal("true")
            case UInt8(ascii: "f"): closed = literal("false")
            case UInt8(ascii: "n"): closed = literal("null")
            default: closed = number() != nil
            }
            guard closed else { return false }
            // After a value: the next member or element, or the end of containers.
            while true {
                if depth == 0 { return true }
                let object = objects & 1 == 1
                if take(UInt8(ascii: ",")) {
                    if object {
                        guard string() != nil, take(UInt8(ascii: ":")) else { return false }
                    }
                    break
                }
                guard take(object ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { return false }
                objects >>= 1
                depth -= 1
            }
        }
    }

    /// A string (`JSONLexemes.string`): whether it has an escape and whether its bytes are all
    /// ASCII; nil if it is not one.
    private mutating func string() -> (escaped: Bool, ascii: Bool)? {
        guard current == UInt8(ascii: "\""), let string = JSONLexemes.string(in: bytes, quote: position) else { return nil }
        position = string.close + 1
        return (string.escaped, string.ascii)
    }

    /// A number (`JSONLexemes.number`): whether it is an integer, nil if it is not a number.
    private mutating func number() -> Bool? {
        guard let number = JSONLexemes.number(in: bytes, at: position) else { return nil }
        position = number.end
        return number.integer
    }

    private mutating func literal(_ text: StaticString) -> Bool {
        guard JSONLexemes.literal(text, in: bytes, at: position) else { return false }
        position += text.utf8CodeUnitCount
        return true
    }
}
