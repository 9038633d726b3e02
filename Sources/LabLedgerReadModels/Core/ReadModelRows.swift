import Foundation
import LabLedgerDomain

/// The rows one stream's document contributes to the projection's query tables.
///
/// Every row is a JSON object whose keys are the table's column names (the worker inserts
/// them with `jsonb_populate_recordset`) and must include `stream_id`: when a stream's
/// document changes, the worker deletes that stream's rows from every table and inserts the
/// new ones, so rows can only come from documents and incremental equals rebuild.
public struct ReadModelRows: Sendable, Equatable {
    /// Table name → JSON-encoded rows, in the order added.
    public private(set) var tables: [String: [Data]] = [:]
    /// The key of each row of a table written row by row (`ReadModelProjection.diffedTables`),
    /// in the order of its rows: the values of the table's key columns, as text.
    public private(set) var keys: [String: [[String]]] = [:]
    /// The keys of rows of a table written row by row that stay as last written: rows the events
    /// folded since cannot have changed (`KeyedStreamReadModel.rows(_:streamID:changedBy:into:)`),
    /// so they are neither rendered nor sent.
    public private(set) var kept: [String: [[String]]] = [:]

    public init() {}

    public mutating func add<Row: Encodable>(_ row: Row, to table: String) throws {
        tables[table, default: []].append(try Self.encoder.encode(row))
    }

    /// Adds `row` with its `key`: for a table written row by row.
    public mutating func add<Row: Encodable>(_ row: Row, key: [String], to table: String) throws {
        add(encoded: try Self.encoder.encode(row), key: key, to: table)
    }

    /// Adds `row`, already JSON with sorted keys, with its `key`: for a table written row by row.
    public mutating func add(encoded row: Data, key: [String], to table: String) {
        tables[table, default: []].append(row)
        keys[table, default: []].append(key)
    }

    /// Keeps the row of `table` with `key` as it was last written, instead of adding it again.
    public mutating func keep(key: [String], in table: String) {
        kept[table, default: []].append(key)
    }

    /// The rows of `table` decoded, for tests.
    public func rows<Row: Decodable>(_ type: Row.Type, in table: String) throws -> [Row] {
        try (tables[table] ?? []).map { try JSONDecoder().decode(Row.self, from: $0) }
    }

    /// Sorted keys: documents and rows are compared byte for byte (a stream folded at once
    /// against the same stream folded event by event through its stored document).
    /// Foundation's JSONEncoder writes an object's keys in no fixed order without
    /// `.sortedKeys` (tried 2026-12-05: the read-model tests then failed); `CompactJSONEncoder`
    /// always sorts them, and costs a fraction of it.
    static let encoder = CompactJSONEncoder()
}
