import EventStore
import Foundation
import LabLedgerDomain
import LabLedgerReadModels
import PostgresNIO

/// Runs a pure `ReadModelProjection` against its tables: per batch, one read of the touched
/// streams' documents (those the runner does not still hold), one read per keyed table of the
/// rows the events asked to see, the folds in memory (streams split across cores), then one call of
/// `projection_write_keyed`, which replaces the touched streams' rows in the replaced tables
/// and writes the keyed rows by key, in one round trip. Replaced rows come from a stream's
/// whole document and keyed rows from the facts as they happen, so applying events in batches
/// of any size leaves the same tables as a rebuild (proven table by table by the tests).
public struct StreamProjector: Projector {
    public let definition: ReadModelProjection

    public init(_ definition: ReadModelProjection) {
        self.definition = definition
    }

    public var name: String { definition.name }
    public var version: Int { definition.version }
    public var tables: [String] { definition.tables }
    public var eventTypes: Set<String> { definition.eventTypes }
    public var columnNames: [String] { definition.keyedTables.values.flatMap { $0 } }

    public func apply(_ events: [RecordedEvent], in context: ProjectionContext) async throws {
        // Streams in order of first appearance, each with its model (looked up once) and events.
        var order: [String] = []
        var byStream: [String: (model: StreamModel, events: [ProjectableEvent])] = [:]
        for event in events {
            if byStream[event.streamID] == nil {
                guard let model = definition.model(for: event.streamID) else {
                    throw UnprojectableEvent(event, "no model of projection \(name) reads stream \(event.streamID)")
                }
                order.append(event.streamID)
                byStream[event.streamID] = (model, [])
            }
            byStream[event.streamID]?.events.append(event.projectable)
        }
        guard !order.isEmpty else { return }

        let documentsTable = try context.table(definition.documentsTable)
        var cached: [String: any Sendable] = [:]
        for stream in order {
            if let value = context.cache?.value(of: stream) { cached[stream] = value }
        }
        let missing = order.filter { cached[$0] == nil }
        var stored: [String: Data] = [:]
        if !missing.isEmpty {
            let rows = try await context.connection.query(
                "SELECT stream_id, doc::text FROM \(unescaped: documentsTable) WHERE stream_id = ANY(\(missing))",
                logger: context.logger)
            for try await (stream, text) in rows.decode((String, String).self) {
                stored[stream] = Data(text.utf8)
            }
        }

        // Decoding and folding, the CPU's part of a page, run on several cores: streams fold
        // independently, each in its own order, and the results come back in `order`.
        var streams = order.compactMap { stream in
            byStream[stream].map { PageStream(id: stream, model: $0.model, events: $0.events, cached: cached[stream], stored: stored[stream]) }
        }
        // Only a keyed model has lookups; a document model's would be an empty pass over the
        // page. A keyed model's events are decoded here, once: the fold reads what this decoded.
        if !definition.keyedTables.isEmpty {
            let prepared = try await context.folding.map(streams, weight: { $0.events.count }) { try $0.model.prepare($0.events) }
            for index in streams.indices { streams[index].prepared = prepared[index] }
        }
        let found = try await lookUp(streams.flatMap { $0.prepared?.lookups ?? [] }, in: context)
        let folds = try await context.folding.map(streams, weight: { $0.weight }) { stream in
            try stream.model.foldValue(stream.cached, stream.stored, stream.id, stream.events, stream.prepared, found)
        }

        var documents: [Data] = []
        var tableRows: [String: [Data]] = [:]
        var keyedRows: [String: [RowKey: Data]] = [:]
        var keyedOrder: [String: [RowKey]] = [:]
        for (stream, folded) in zip(streams, folds) {
            context.cache?.stage(folded.value, for: stream.id)
            documents.append(Self.documentRow(stream: stream.id, document: folded.document))
            for (table, rows) in folded.rows.tables {
                tableRows[table, default: []].append(contentsOf: rows)
            }
            for key in folded.keyed.order {
                if keyedRows[key.table]?[key] == nil { keyedOrder[key.table, default: []].append(key) }
                keyedRows[key.table, default: [:]][key] = folded.keyed.written[key]
            }
        }

        // Rows only come from documents, so a stream without a stored document has none to delete.
        let existing = order.filter { stored[$0] != nil || cached[$0] != nil }
        var physical: [String] = []
        var arrays: [String] = []
        var keys: [String] = []
        for logical in definition.tables {
            physical.append(try context.table(logical))
            if let columns = definition.keyedTables[logical] {
                if tableRows[logical] != nil { throw ProjectionSetupError.replacedRowsInKeyedTable(logical) }
                let rows = keyedRows.removeValue(forKey: logical) ?? [:]
                arrays.append(Self.jsonArray((keyedOrder[logical] ?? []).compactMap { rows[$0] }))
                keys.append(columns.joined(separator: ","))
            } else {
                let rows = logical == definition.documentsTable ? documents : tableRows.removeValue(forKey: logical) ?? []
                arrays.append(Self.jsonArray(rows))
                keys.append("")
            }
        }
        if let stray = (Array(tableRows.keys) + Array(keyedRows.keys)).sorted().first {
            throw ProjectionSetupError.undeclaredTable(stray)
        }
        // Drained, not dropped: a SELECT's failure (a constraint, an index entry too large)
        // arrives after its row description, while the rows are read. Left unread, the error
        // was lost and the next statement of the transaction failed instead, with "current
        // transaction is aborted" in the dead letter.
        let written = try await context.connection.query(
            "SELECT projection_write_keyed(\(physical), \(existing), \(arrays)::jsonb[], \(keys))", logger: context.logger)
        for try await _ in written {}
    }

    /// The keyed rows `keys` name, as the tables hold them before this page: one query per
    /// keyed table that any of the page's events asked about.
    private func lookUp(_ keys: [RowKey], in context: ProjectionContext) async throws -> KeyedRows {
        guard !keys.isEmpty else { return KeyedRows() }
        var found: [RowKey: Data] = [:]
        for (table, tableKeys) in Dictionary(grouping: keys, by: \.table).sorted(by: { $0.key < $1.key }) {
            guard let columns = definition.keyedTables[table] else { throw ProjectionSetupError.undeclaredTable(table) }
            // `[{"column": "value", …}, …]`, written directly: a dictionary per key, encoded,
            // was most of a lookup's client time.
            var json: [UInt8] = [UInt8(ascii: "[")]
            for (index, key) in Set(tableKeys).enumerated() {
                guard key.values.count == columns.count else { throw ProjectionSetupError.keyMismatch(table: table, columns: columns, key: key.values) }
                if index > 0 { json.append(UInt8(ascii: ",")) }
                json.append(UInt8(ascii: "{"))
                for (position, (column, value)) in zip(columns, key.values).enumerated() {
                    if position > 0 { json.append(UInt8(ascii: ",")) }
                    CompactJSONEncoder.appendString(column, to: &json)
                    json.append(UInt8(ascii: ":"))
                    CompactJSONEncoder.appendString(value, to: &json)
                }
                json.append(UInt8(ascii: "}"))
            }
            json.append(UInt8(ascii: "]"))
            let text = String(decoding: json, as: UTF8.self)
            let rows = try await context.connection.query(
                "SELECT key, row_json FROM projection_lookup(\(try context.table(table)), \(columns), \(text)::jsonb)",
                logger: context.logger)
            for try await (values, row) in rows.decode(([String], String).self) {
                found[RowKey(table, values)] = Data(row.utf8)
            }
        }
        return KeyedRows(found: found)
    }

    /// `{"doc": <document>, "stream_id": "<stream>"}` without decoding the document again.
    static func documentRow(stream: String, document: Data) -> Data {
        var row = Array(#"{"doc":"#.utf8)
        row.reserveCapacity(document.count + stream.utf8.count + 24)
        row.append(contentsOf: document)
        row.append(contentsOf: #","stream_id":"#.utf8)
        CompactJSONEncoder.appendString(stream, to: &row)
        row.append(UInt8(ascii: "}"))
        return Data(row)
    }

    /// The rows as one JSON array, without decoding them again.
    static func jsonArray(_ rows: [Data]) -> String {
        var array = Data("[".utf8)
        for (index, row) in rows.enumerated() {
            if index > 0 { array.append(Data(",".utf8)) }
            array.append(row)
        }
        array.append(Data("]".utf8))
        return String(decoding: array, as: UTF8.self)
    }
}

/// One stream of a page with what its fold starts from: the document the runner kept, or the
/// one stored (neither when the stream is new).
private struct PageStream: Sendable {
    let id: String
    let model: StreamModel
    let events: [ProjectableEvent]
    let cached: (any Sendable)?
    let stored: Data?
    /// What the model read from the events before the page's rows were looked up.
    var prepared: StreamModel.Prepared?

    /// What folding it costs, roughly: its events, and decoding the stored document if any.
    var weight: Int { events.count + (stored == nil ? 0 : 1) }
}

/// An event the projector could not make sense of. Deterministic: retrying the same event
/// with the same code fails the same way, so the worker parks it in `dead_letters`.
public struct UnprojectableEvent: Error, CustomStringConvertible {
    public let position: Int64
    public let reason: String

    public init(_ event: RecordedEvent, _ reason: String) {
        position = event.globalPosition
        self.reason = reason
    }

    public var description: String { "event at position \(position): \(reason)" }
}

extension RecordedEvent {
    var projectable: ProjectableEvent {
        ProjectableEvent(
            position: globalPosition, streamID: streamID, streamVersion: streamVersion, type: type,
            schemaVersion: schemaVersion, data: data, occurredAt: occurredAt, actor: metadata.actor)
    }
}
