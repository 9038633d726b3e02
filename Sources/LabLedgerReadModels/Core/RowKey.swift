import Foundation
import LabLedgerDomain

/// A row of a keyed table, named by its primary key: the text of each key column, in the
/// order the projection declares the table's key columns (`ReadModelProjection.keyedTables`).
public struct RowKey: Hashable, Sendable, CustomStringConvertible {
    public let table: String
    public let values: [String]
    /// The table's and values' hash, taken once: a fold's key is hashed again at every lookup,
    /// write and dictionary growth, and hashing its strings each time was 4–6% of a rebuild's
    /// worker samples (bench/README.md, "Keys hashed once").
    private let hashed: Int

    public init(_ table: String, _ values: [String]) {
        self.table = table
        self.values = values
        var hasher = Hasher()
        hasher.combine(table)
        hasher.combine(values)
        hashed = hasher.finalize()
    }

    public static func == (left: RowKey, right: RowKey) -> Bool {
        left.hashed == right.hashed && left.table == right.table && left.values == right.values
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(hashed) }

    public var description: String { "\(table)(\(values.joined(separator: ", ")))" }
}

/// The keyed rows one stream's fold sees and writes. It sees the rows its events asked for
/// (`lookups`, and `newFacts` unless `unread`), read from the tables once per page, and its
/// own writes of the page, which shadow them; it writes rows whole, the last write of a key
/// winning.
public struct KeyedRows: Sendable {
    /// JSON rows read from the tables, by key.
    private let found: [RowKey: Data]
    /// JSON rows written by this fold, by key, and the keys in the order first written.
    public private(set) var written: [RowKey: Data] = [:]
    public private(set) var order: [RowKey] = []
    /// Keys of new facts that were not read (`KeyedStreamReadModel.newFacts`): a row written
    /// under one is inserted without deleting by key, so the table refuses it if it had one.
    public let unread: Set<RowKey>

    public init(found: [RowKey: Data] = [:], unread: Set<RowKey> = []) {
        self.found = found
        self.unread = unread
    }

    /// The row with `key` as this fold last wrote it, or as the table held it.
    public func row<Row: Decodable>(_ type: Row.Type, _ key: RowKey) throws -> Row? {
        guard let data = written[key] ?? found[key] else { return nil }
        return try CompactJSONDecoder().decode(Row.self, from: data)
    }

    /// Inserts `row` under `key`, or replaces the row that has it.
    public mutating func write<Row: Encodable>(_ row: Row, _ key: RowKey) throws {
        if written[key] == nil { order.append(key) }
        written[key] = try ReadModelRows.encoder.encode(row)
    }

    /// Inserts or replaces the row under `key` with `row`, already encoded (one fold's writes
    /// carried into the next's).
    public mutating func write(encoded row: Data, _ key: RowKey) {
        if written[key] == nil { order.append(key) }
        written[key] = row
    }

    /// The written rows of `table` in the order their keys were first written.
    public func rows(in table: String) -> [Data] {
        order.filter { $0.table == table }.compactMap { written[$0] }
    }
}
