import EventStore
import Foundation
import LabLedgerReadModels
import PostgresNIO

/// Runs a pure `ReadModelProjection` against its tables: per batch, one read of the touched
/// streams' documents (those the runner does not still hold), the folds in memory, then one
/// call of `projection_write`, which deletes the touched streams' rows from every table and
/// inserts their new ones in one round trip. Rows only ever come from a stream's whole
/// document, so applying events in batches of any size leaves the same tables as a rebuild.
public struct StreamProjector: Projector {
    public let definition: ReadModelProjection

    public init(_ definition: ReadModelProjection) {
        self.definition = definition
    }

    public var name: String { definition.name }
    public var version: Int { definition.version }
    public var tables: [String] { definition.tables }
    public var eventTypes: Set<String> { definition.eventTypes }

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

        var documents: [Data] = []
        var tableRows: [String: [Data]] = [:]
        for stream in order {
            guard let (model, streamEvents) = byStream[stream] else { continue }
            let folded = try model.foldValue(cached[stream], stored[stream], stream, streamEvents)
            context.cache?.stage(folded.value, for: stream)
            documents.append(Self.documentRow(stream: stream, document: folded.document))
            for (table, rows) in folded.rows.tables {
                tableRows[table, default: []].append(contentsOf: rows)
            }
        }

        // Rows only come from documents, so a stream without a stored document has none to delete.
        let existing = order.filter { stored[$0] != nil || cached[$0] != nil }
        var physical: [String] = []
        var arrays: [String] = []
        for logical in definition.tables {
            physical.append(try context.table(logical))
            let rows = logical == definition.documentsTable ? documents : tableRows.removeValue(forKey: logical) ?? []
            arrays.append(Self.jsonArray(rows))
        }
        if let stray = tableRows.keys.sorted().first {
            throw ProjectionSetupError.undeclaredTable(stray)
        }
        // Drained, not dropped: a SELECT's failure (a constraint, an index entry too large)
        // arrives after its row description, while the rows are read. Left unread, the error
        // was lost and the next statement of the transaction failed instead, with "current
        // transaction is aborted" in the dead letter.
        let written = try await context.connection.query(
            "SELECT projection_write(\(physical), \(existing), \(arrays)::jsonb[])", logger: context.logger)
        for try await _ in written {}
    }

    /// Made once: building an encoder per document row showed up on the hot path.
    private static let streamEncoder = JSONEncoder()

    /// `{"doc": <document>, "stream_id": "<stream>"}` without decoding the document again.
    static func documentRow(stream: String, document: Data) -> Data {
        var row = Data(#"{"doc":"#.utf8)
        row.append(document)
        row.append(Data(#","stream_id":"#.utf8))
        // A String encodes as a JSON string literal; it cannot fail.
        row.append((try? streamEncoder.encode(stream)) ?? Data("null".utf8))
        row.append(Data("}".utf8))
        return row
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
