import Foundation
import LabLedgerDomain
import Testing
@testable import LabLedgerReadModels

/// Shorthand for the funding, placements and rounds tests, kept in one namespace so it cannot
/// clash with other read models' test helpers in this target.
enum LedgerFixtures {
    static func id<V: ValidatedString>(_ text: String) throws -> V { try V(parsing: text) }
    static func date(_ text: String) throws -> LocalDate { try LocalDate(parsing: text) }
    static func range(_ from: String, _ to: String?) throws -> DateRange {
        try DateRange(from: LocalDate(parsing: from), to: to.map { try LocalDate(parsing: $0) })
    }
    static func money(_ amount: String, _ code: String) throws -> Money {
        try Money(parsing: amount, currency: CurrencyCode(parsing: code))
    }
    static func cash(_ amount: String, _ code: String) throws -> Amount { .cash(try money(amount, code)) }

    /// Folds `events` of one stream onto `document` the way the worker does.
    static func fold(
        _ projection: ReadModelProjection, _ events: [ProjectableEvent], onto document: Data? = nil, found: KeyedRows = KeyedRows()
    ) throws -> StreamModel.Folded {
        let streamID = try #require(events.first?.streamID)
        let model = try #require(projection.model(for: streamID))
        return try model.fold(document, streamID, events, found: found)
    }

    /// The rows of `table`, decoded: the replaced rows of the stream, or the keyed rows the
    /// fold wrote.
    static func rows<Row: Decodable>(_ folded: StreamModel.Folded, _ table: String, as type: Row.Type) throws -> [Row] {
        try folded.rows.rows(Row.self, in: table)
            + folded.keyed.rows(in: table).map { try JSONDecoder().decode(Row.self, from: $0) }
    }

    /// What the keyed tables hold after `pages` were written in order (the last write of a key
    /// wins): what the next page's lookups read.
    static func keyedTables(_ pages: [StreamModel.Folded]) -> [RowKey: Data] {
        var rows: [RowKey: Data] = [:]
        for page in pages {
            for key in page.keyed.order { rows[key] = page.keyed.written[key] }
        }
        return rows
    }

    /// Checks that a keyed model's stored document does not grow with its facts: after `start`
    /// and 1,000 facts it is within 16 bytes of its size after one, and the fold wrote each fact
    /// as one keyed row.
    static func expectDocumentDoesNotGrow<Codec: EventCodec>(
        _ projection: ReadModelProjection, _ stream: LedgerFixtureStream<Codec>, start: Codec.Event,
        _ fact: (Int) throws -> Codec.Event, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        func bytes(after count: Int) throws -> Int {
            var fresh = stream
            let folded = try fold(projection, try fresh.events([start] + (0..<count).map(fact)))
            #expect(folded.keyed.order.count == count, sourceLocation: sourceLocation)
            return folded.document.count
        }
        let one = try bytes(after: 1)
        let thousand = try bytes(after: 1_000)
        #expect(thousand < one + 16, "\(one) bytes after one fact, \(thousand) after 1,000", sourceLocation: sourceLocation)
    }

    /// The one row of `table`.
    static func row<Row: Decodable>(_ folded: StreamModel.Folded, _ table: String, as type: Row.Type) throws -> Row {
        let rows = try rows(folded, table, as: type)
        try #require(rows.count == 1, "\(table) has \(rows.count) rows")
        return try #require(rows.first)
    }

    /// Every row of every table as JSON text, to look for what must not be there.
    static func allRowsText(_ folded: StreamModel.Folded, except excluded: Set<String> = []) -> String {
        let keyed = Dictionary(grouping: folded.keyed.order, by: \.table).mapValues { folded.keyed.rows(in: $0[0].table) }
        return folded.rows.tables.merging(keyed) { replaced, written in replaced + written }
            .filter { !excluded.contains($0.key) }.sorted { $0.key < $1.key }
            .flatMap(\.value).map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
    }

    static func outOfOrder(_ body: () throws -> Void) -> Bool {
        do {
            try body()
            return false
        } catch ReadModelError.outOfOrder {
            return true
        } catch {
            return false
        }
    }
}

/// One stream's events as stored: versions count from 1, positions from `firstPosition` in
/// steps of 10 so that several streams can interleave.
struct LedgerFixtureStream<Codec: EventCodec> {
    let streamID: String
    private(set) var version = 0
    private(set) var position: Int64

    init(_ streamID: String, firstPosition: Int64 = 10) {
        self.streamID = streamID
        position = firstPosition - 10
    }

    mutating func next(_ event: Codec.Event) throws -> ProjectableEvent {
        version += 1
        position += 10
        let encoded = try Codec.encode(event)
        return ProjectableEvent(
            position: position, streamID: streamID, streamVersion: version, type: encoded.type,
            schemaVersion: encoded.schemaVersion, data: encoded.data, occurredAt: Date(timeIntervalSince1970: 1_530_000_000),
            actor: "test")
    }

    mutating func events(_ events: [Codec.Event]) throws -> [ProjectableEvent] {
        try events.map { try next($0) }
    }
}

/// The columns of each `CREATE TABLE` in a migration of this repository, to hold row structs
/// and SQL to the same names. Expects one column per line, as the migrations are written.
enum LedgerMigrationColumns {
    static let columnTypes: Set<String> = ["text", "bigint", "integer", "date", "boolean", "jsonb", "text[]", "integer[]"]

    /// The columns of every table the migrations create or add to (`ALTER TABLE t ADD COLUMN c type`).
    static func columns(in migrations: [String]) throws -> [String: Set<String>] {
        try migrations.reduce(into: [:]) { all, migration in
            all.merge(try columns(in: migration)) { $0.union($1) }
        }
    }

    static func columns(in migration: String) throws -> [String: Set<String>] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let sql = try String(contentsOf: root.appendingPathComponent("schema/migrations/\(migration)"), encoding: .utf8)
        var tables: [String: Set<String>] = [:]
        var current: String?
        for rawLine in sql.split(separator: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("ALTER TABLE "), line.contains(" ADD COLUMN ") {
                let words = line.split(separator: " ").map(String.init)
                // A rebuild copy (`<table>__rebuild`) is altered alongside; it is not a table of its own.
                if !words[2].hasSuffix("__rebuild"), let at = words.firstIndex(of: "COLUMN"), at + 2 < words.count, columnTypes.contains(words[at + 2].trimmingCharacters(in: CharacterSet(charactersIn: ",;"))) {
                    tables[words[2], default: []].insert(words[at + 1])
                }
                continue
            }
            if line.hasPrefix("CREATE TABLE ") {
                current = line.dropFirst("CREATE TABLE ".count).split(separator: " ").first.map(String.init)
                continue
            }
            guard let table = current else { continue }
            if line.hasPrefix(")") {
                current = nil
                continue
            }
            // A column line is `name type ...`; constraint lines and their continuations are not.
            let words = line.split(separator: " ").map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: ",")) }
            guard words.count >= 2, columnTypes.contains(words[1]) else { continue }
            tables[table, default: []].insert(words[0])
        }
        return tables
    }

    /// The JSON keys used by `folded`'s rows, per table.
    static func keys(of folded: [StreamModel.Folded]) throws -> [String: Set<String>] {
        var keys: [String: Set<String>] = [:]
        for result in folded {
            let keyedTables = Set(result.keyed.order.map(\.table))
            let keyed = keyedTables.map { ($0, result.keyed.rows(in: $0)) }
            for (table, rows) in Array(result.rows.tables) + keyed {
                for row in rows {
                    let object = try #require(try JSONSerialization.jsonObject(with: row) as? [String: Any])
                    keys[table, default: []].formUnion(object.keys)
                }
            }
        }
        return keys
    }
}
