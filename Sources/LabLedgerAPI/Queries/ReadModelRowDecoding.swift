import Foundation
import PostgresNIO

/// The one way queries read read-model tables: each row is selected as `to_jsonb(alias)` (the
/// keys are the column names) and decoded into the read model's own row type
/// (`LabLedgerReadModels`), the type its projection writes the table with. A row that comes
/// with related rows or with a value the query computes (a sort key, a visibility) is one
/// `jsonb_build_object` of them, decoded into a small `Decodable` holding those row types. No
/// query re-declares a table's columns in the API. What a query computes on its own (a count,
/// a sum, a list of stream ids) is decoded as those values.
extension ReadModelQueries {
    /// Runs a query whose one column is JSON text, and decodes each row's into `Row`.
    func rowsAsJSON<Row: Decodable>(_ query: PostgresQuery, as: Row.Type) async throws -> [Row] {
        let decoder = JSONDecoder()
        var rows: [Row] = []
        for try await text in try await client.query(query, logger: logger).decode(String.self) {
            rows.append(try decoder.decode(Row.self, from: Data(text.utf8)))
        }
        return rows
    }

    /// A column the read model constrains to the values the contract lists; anything else means
    /// the model and the contract disagree, which is a server fault, not the caller's.
    static func enumValue<T: RawRepresentable>(_ text: String) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: text) else {
            throw ReadModelMismatch(description: "The read model holds '\(text)', which is not a \(T.self) of the contract.")
        }
        return value
    }

    /// A row the read model's own checks should have refused.
    static func mismatch(_ what: String, _ key: String) -> any Error {
        ReadModelMismatch(description: "The read model holds \(what) ('\(key)').")
    }
}

private struct ReadModelMismatch: Error, CustomStringConvertible {
    var description: String
}
