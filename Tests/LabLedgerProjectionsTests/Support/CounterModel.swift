import Foundation
import LabLedgerDomain
import LabLedgerProjections
import LabLedgerReadModels

/// A small read model for testing the worker: per `counter-*` stream, the sum of the events'
/// `n` and how many were folded. An event with `"poison": true` cannot be applied, and one
/// with `"poisonUntil": "<file>"` fails while that file exists (a fault an operator fixes).
enum CounterModel: StreamReadModel {
    static let table = "counter_totals"

    struct Document: Codable, Sendable {
        var total: Int
        var events: Int
        var lastPosition: Int64
        var version: Int
    }

    struct Row: Codable, Equatable {
        let stream_id: String
        let total: Int
        let events: Int
        let updated_position: Int64
        let stream_version: Int
    }

    struct Payload: Decodable {
        var n: Int?
        var poison: Bool?
        var poisonUntil: String?
    }

    static let category = try! StreamCategory(parsing: "counter")  // a literal of letters a-z: cannot throw
    static let eventTypes = ["Counted"]

    static func evolve(_ document: Document?, _ event: ProjectableEvent) throws -> Document {
        let payload = try JSONDecoder().decode(Payload.self, from: event.data)
        if payload.poison == true { throw ReadModelError.outOfOrder(streamID: event.streamID, type: event.type, reason: "poison") }
        if let path = payload.poisonUntil, FileManager.default.fileExists(atPath: path) {
            throw ReadModelError.outOfOrder(streamID: event.streamID, type: event.type, reason: "poisoned until \(path) goes")
        }
        var document = document ?? Document(total: 0, events: 0, lastPosition: 0, version: 0)
        document.total += payload.n ?? 0
        document.events += 1
        document.lastPosition = event.position
        document.version = event.streamVersion
        return document
    }

    static func rows(_ document: Document, streamID: String, into rows: inout ReadModelRows) throws {
        try rows.add(
            Row(stream_id: streamID, total: document.total, events: document.events, updated_position: document.lastPosition,
                stream_version: document.version),
            to: table)
    }

    static func projection(name: String = "counter", version: Int = 1) -> ReadModelProjection {
        let model = name == "tally" ? StreamModel(TallyModel.self) : StreamModel(CounterModel.self)
        return ReadModelProjection(name: name, version: version, tables: ["\(name)_documents", "\(name)_totals"], models: [model])
    }

    /// The statements that create and register a counter projection's tables, as a migration would.
    static func tableStatements(name: String = "counter") -> [String] {
        [
            "CREATE TABLE \(name)_documents (stream_id text PRIMARY KEY, doc jsonb NOT NULL)",
            """
            CREATE TABLE \(name)_totals (stream_id text PRIMARY KEY, total bigint NOT NULL, events int NOT NULL,
                                         updated_position bigint NOT NULL, stream_version int NOT NULL)
            """,
            "CREATE INDEX \(name)_totals_by_total ON \(name)_totals (total) WHERE total > 0",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON \(name)_documents, \(name)_totals TO labledger_app",
            "INSERT INTO projection_tables VALUES ('\(name)', '\(name)_documents'), ('\(name)', '\(name)_totals')",
        ]
    }
}

/// The same fold into a second projection's table, to run two projections side by side.
enum TallyModel: StreamReadModel {
    static let category = CounterModel.category
    static let eventTypes = CounterModel.eventTypes

    static func evolve(_ document: CounterModel.Document?, _ event: ProjectableEvent) throws -> CounterModel.Document {
        try CounterModel.evolve(document, event)
    }

    static func rows(_ document: CounterModel.Document, streamID: String, into rows: inout ReadModelRows) throws {
        var counter = ReadModelRows()
        try CounterModel.rows(document, streamID: streamID, into: &counter)
        for row in try counter.rows(CounterModel.Row.self, in: CounterModel.table) {
            try rows.add(row, to: "tally_totals")
        }
    }
}
