import Crypto
import Foundation

/// What a runner last wrote of one stream's rows in the tables written row by row
/// (`ReadModelProjection.diffedTables`): per table, a SHA-256 of each row's bytes by the row's
/// key. A row is rewritten when its bytes change, so equal digests mean the table holds the row
/// the page would write.
struct WrittenRows: Sendable, Equatable {
    var tables: [String: [[String]: RowDigest]] = [:]
}

/// The SHA-256 of a row's bytes, as plain words (swift-crypto's digest is not `Sendable`).
struct RowDigest: Hashable, Sendable {
    let words: (UInt64, UInt64, UInt64, UInt64)

    init(_ row: Data) {
        let digest = SHA256.hash(data: row)
        words = digest.withUnsafeBytes { bytes in
            (bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
             bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        }
    }

    static func == (lhs: RowDigest, rhs: RowDigest) -> Bool { lhs.words == rhs.words }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
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
    var written: [[String]: RowDigest]

    /// The changes that turn `previous` (what was written of the stream, nil when unknown) into
    /// `rows` with their `keys`. `existed`: the stream may have rows although `previous` is
    /// unknown, so they are replaced whole.
    static func plan(previous: [[String]: RowDigest]?, existed: Bool, rows: [Data], keys: [[String]]) -> RowChanges {
        var written: [[String]: RowDigest] = [:]
        var changed: [Data] = []
        var replaced: [[String]] = []
        for (row, key) in zip(rows, keys) {
            let digest = RowDigest(row)
            written[key] = digest
            guard let before = previous?[key] else {
                changed.append(row)
                continue
            }
            if before != digest {
                changed.append(row)
                replaced.append(key)
            }
        }
        guard let previous else { return RowChanges(replacesWhole: existed, rows: rows, gone: [], written: written) }
        let gone = previous.keys.filter { written[$0] == nil }.sorted { $0.lexicographicallyPrecedes($1) }
        return RowChanges(replacesWhole: false, rows: changed, gone: replaced + gone, written: written)
    }
}
