import Crypto
import Foundation

/// What a runner last wrote of one stream's rows in the tables written row by row
/// (`ReadModelProjection.diffedTables`): per table, each row's key with a digest of its bytes. A
/// row is rewritten when its bytes change, so equal digests mean the table holds the row the page
/// would write. Kept with every cached document, so compact: a row's key without the stream's id
/// (the same for all of them) as one string, and 128 bits of the row's SHA-256, in an array
/// sorted by key (32 bytes a row, and the key's bytes when they are more than 15).
struct WrittenRows: Sendable, Equatable {
    var tables: [String: [WrittenRow]] = [:]
}

struct WrittenRow: Sendable, Equatable {
    /// The key's values after the stream's id, each as `<UTF-8 length>:<value>`, so that no value
    /// can be read as two.
    let key: String
    let digest: RowDigest

    /// The key of a row of `stream`: its first value must be the stream's id.
    static func key(_ values: [String], of stream: String, table: String, columns: Int) throws -> String {
        guard values.count == columns, values.first == stream else {
            throw ProjectionSetupError.keyMismatch(table: table, columns: ["stream_id", "…"], key: values)
        }
        return values.dropFirst().map { "\($0.utf8.count):\($0)" }.joined()
    }

    /// The values of `key` for `stream`, as the table's key columns have them. Read as bytes: a
    /// value may begin with a combining mark, which would join the colon before it into one
    /// `Character`.
    static func values(_ key: String, of stream: String) -> [String] {
        var values = [stream]
        let bytes = Array(key.utf8)
        var at = 0
        while at < bytes.count {
            var length = 0
            while at < bytes.count, bytes[at] != UInt8(ascii: ":") {
                length = length * 10 + Int(bytes[at] &- UInt8(ascii: "0"))
                at += 1
            }
            let start = at + 1
            let end = min(start + length, bytes.count)
            values.append(String(decoding: bytes[min(start, end)..<end], as: UTF8.self))
            at = end
        }
        return values
    }
}

/// The first 128 bits of the SHA-256 of a row's bytes.
struct RowDigest: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    init(_ row: Data) {
        let digest = SHA256.hash(data: row)
        (high, low) = digest.withUnsafeBytes { bytes in
            (bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
    }
}

/// How one stream's rows of a table written row by row go to the table on this page.
struct RowChanges: Sendable, Equatable {
    /// The stream's rows are deleted first, all of them: its previous rows are not known.
    var replacesWhole: Bool
    /// The rows to insert: every row when replacing whole, else those that are new or changed.
    var rows: [Data]
    /// The keys of the rows to delete first: those `rows` replaces and those the stream no
    /// longer has (none when replacing whole).
    var gone: [[String]]
    /// What the table holds of the stream once this is written.
    var written: [WrittenRow]

    /// The changes that turn `previous` (what was written of `stream` in `table`, nil when
    /// unknown) into `rows` with their `keys`, each of `columns` values, and the rows with the
    /// `kept` keys as `previous` has them. `existed`: the stream may have rows although
    /// `previous` is unknown, so they are replaced whole.
    static func plan(
        previous: [WrittenRow]?, existed: Bool, stream: String, table: String, columns: Int, rows: [Data], keys: [[String]],
        kept: [[String]] = []
    ) throws -> RowChanges {
        var before: [String: RowDigest] = [:]
        for row in previous ?? [] { before[row.key] = row.digest }
        var written: [WrittenRow] = []
        written.reserveCapacity(rows.count + kept.count)
        for values in kept {
            let key = try WrittenRow.key(values, of: stream, table: table, columns: columns)
            guard let digest = before[key] else { throw ProjectionSetupError.keptRowNotWritten(table: table, key: values) }
            written.append(WrittenRow(key: key, digest: digest))
        }
        var changed: [Data] = []
        var replaced: [[String]] = []
        for (row, values) in zip(rows, keys) {
            let key = try WrittenRow.key(values, of: stream, table: table, columns: columns)
            let digest = RowDigest(row)
            written.append(WrittenRow(key: key, digest: digest))
            guard let old = before[key] else {
                changed.append(row)
                continue
            }
            if old != digest {
                changed.append(row)
                replaced.append(values)
            }
        }
        written.sort { $0.key < $1.key }
        // Two rows under one key (kept twice, or kept and added) would leave either digest in
        // memory, and the next page would send or skip the wrong row.
        for (first, second) in zip(written, written.dropFirst()) where first.key == second.key {
            throw ProjectionSetupError.rowKeyRepeated(table: table, key: WrittenRow.values(first.key, of: stream))
        }
        guard let previous else { return RowChanges(replacesWhole: existed, rows: rows, gone: [], written: written) }
        let now = Set(written.map(\.key))
        let gone = previous.filter { !now.contains($0.key) }.map { WrittenRow.values($0.key, of: stream) }
        return RowChanges(replacesWhole: false, rows: changed, gone: replaced + gone, written: written)
    }
}
