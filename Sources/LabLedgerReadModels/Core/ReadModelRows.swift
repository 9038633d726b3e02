import Foundation

/// The rows one stream's document contributes to the projection's query tables.
///
/// Every row is a JSON object whose keys are the table's column names (the worker inserts
/// them with `jsonb_populate_recordset`) and must include `stream_id`: when a stream's
/// document changes, the worker deletes that stream's rows from every table and inserts the
/// new ones, so rows can only come from documents and incremental equals rebuild.
public struct ReadModelRows: Sendable, Equatable {
    /// Table name → JSON-encoded rows, in the order added.
    public private(set) var tables: [String: [Data]] = [:]
    /// How rows are encoded: `.sorted` for a model whose rows hold a dictionary.
    public let keyOrder: JSONKeyOrder

    public init(keyOrder: JSONKeyOrder = .declared) {
        self.keyOrder = keyOrder
    }

    public mutating func add<Row: Encodable>(_ row: Row, to table: String) throws {
        tables[table, default: []].append(try keyOrder.encoder.encode(row))
    }

    /// The rows of `table` decoded, for tests.
    public func rows<Row: Decodable>(_ type: Row.Type, in table: String) throws -> [Row] {
        try (tables[table] ?? []).map { try JSONDecoder().decode(Row.self, from: $0) }
    }

    /// Rows and documents without dictionaries: keys in declaration order (`JSONKeyOrder`).
    static var encoder: JSONEncoder { JSONKeyOrder.declared.encoder }
}

/// The order of the keys in the JSON of a model's documents and rows. PostgreSQL stores them as
/// `jsonb`, which keeps no key order, so the order only matters where bytes are compared: the
/// same document must always encode to the same bytes (tests compare a stream folded at once
/// with the same stream folded event by event through its stored document).
///
/// A struct's synthesized encoding writes its keys in declaration order, the same every time,
/// and the domain states encode their sets and dictionaries sorted (`DomainStateCodingTests`);
/// sorting the keys as well cost about 2% of a rebuild's instructions (the keys' comparisons
/// alone, in the 2026-12-04 profile of bench/README.md) for nothing. A Swift
/// dictionary, though, iterates in an order that depends on its hash seed and on how it was
/// built, so a model whose documents or rows hold one keeps its keys sorted.
public enum JSONKeyOrder: Sendable, Equatable {
    /// Declaration order: documents and rows built only from structs, arrays and sorted sets.
    case declared
    /// Sorted: documents or rows that hold a dictionary.
    case sorted

    /// The encoder for this order, made once (building one per row showed on the hot path).
    public var encoder: JSONEncoder {
        switch self {
        case .declared: Self.declaredEncoder
        case .sorted: Self.sortedEncoder
        }
    }

    private static let declaredEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    private static let sortedEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
