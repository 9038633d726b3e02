import Foundation
import PostgresNIO

/// Batch reads and writes of read-model rows, one statement per table per batch.
///
/// Rows travel as one JSON array and land through `jsonb_populate_recordset`, which maps
/// each JSON key to the column of the same name and type (dates as `YYYY-MM-DD`, arrays to
/// SQL arrays, objects to jsonb). So a row type is a plain `Encodable` struct whose coding
/// keys are the column names, and a batch of thousands of events costs a handful of round
/// trips instead of one per event.
public enum DocumentRows {
    /// The `doc` column of the rows whose `keyColumn` is one of `keys`, decoded, by key.
    public static func load<Doc: Decodable>(
        _ type: Doc.Type, from table: String, keyColumn: String, keys: some Collection<String>, in context: ProjectionContext
    ) async throws -> [String: Doc] {
        guard !keys.isEmpty else { return [:] }
        let rows = try await context.connection.query(
            "SELECT \(unescaped: keyColumn), doc::text FROM \(unescaped: table) WHERE \(unescaped: keyColumn) = ANY(\(Array(keys)))",
            logger: context.logger)
        let decoder = JSONDecoder()
        var docs: [String: Doc] = [:]
        for try await (key, text) in rows.decode((String, String).self) {
            docs[key] = try decoder.decode(Doc.self, from: Data(text.utf8))
        }
        return docs
    }

    /// Replaces every row whose `keyColumn` is one of `keys` with `rows` (which may hold
    /// several rows per key, or none, deleting the key's rows).
    public static func replace<Row: Encodable>(
        in table: String, keyColumn: String, keys: some Collection<String>, with rows: [Row], context: ProjectionContext
    ) async throws {
        if !keys.isEmpty {
            try await context.connection.query(
                "DELETE FROM \(unescaped: table) WHERE \(unescaped: keyColumn) = ANY(\(Array(keys)))", logger: context.logger)
        }
        try await insert(rows, into: table, context: context)
    }

    /// Inserts `rows` with one statement.
    public static func insert<Row: Encodable>(_ rows: [Row], into table: String, context: ProjectionContext) async throws {
        guard !rows.isEmpty else { return }
        let json = String(decoding: try encoder.encode(rows), as: UTF8.self)
        try await context.connection.query(
            "INSERT INTO \(unescaped: table) SELECT * FROM jsonb_populate_recordset(NULL::\(unescaped: table), \(json)::jsonb)",
            logger: context.logger)
    }

    /// Sorted keys make the stored documents byte-identical however they were produced.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
