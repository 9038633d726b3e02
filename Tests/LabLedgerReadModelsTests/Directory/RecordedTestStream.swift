import Foundation
import LabLedgerDomain
@testable import LabLedgerReadModels
import Testing

/// One stream's history as the store hands it to a read model: domain events encoded with
/// their aggregate's codec, versions from 1, global positions with gaps (other streams write
/// in between).
struct RecordedTestStream {
    let streamID: String
    private(set) var events: [ProjectableEvent] = []
    private var nextPosition: Int64

    init(_ streamID: String, firstPosition: Int64 = 100) {
        self.streamID = streamID
        nextPosition = firstPosition
    }

    mutating func record<Codec: EventCodec>(_ codec: Codec.Type, _ event: Codec.Event) throws {
        let encoded = try Codec.encode(event)
        events.append(ProjectableEvent(
            position: nextPosition, streamID: streamID, streamVersion: events.count + 1, type: encoded.type,
            schemaVersion: encoded.schemaVersion, data: encoded.data, occurredAt: Date(timeIntervalSince1970: 1_528_761_600),
            actor: "test"))
        nextPosition += 7
    }

    /// The events whose types `model` reads, as the worker would select them.
    func selected(for model: StreamModel) -> [ProjectableEvent] {
        events.filter { model.eventTypes.contains($0.type) }
    }

    /// Folds the whole history at once, from no document.
    func fold(_ model: StreamModel) throws -> StreamModel.Folded {
        try model.fold(nil, streamID, selected(for: model))
    }

    /// Folds one event per batch, storing and reloading the document in between, as a worker
    /// catching up live does.
    func foldEventByEvent(_ model: StreamModel) throws -> StreamModel.Folded {
        var folded: StreamModel.Folded?
        for event in selected(for: model) {
            folded = try model.fold(folded?.document, streamID, [event])
        }
        return try #require(folded)
    }
}

extension StreamModel.Folded {
    func rows<Row: Decodable>(_ type: Row.Type, _ table: String) throws -> [Row] {
        try self.rows.rows(type, in: table)
    }

    /// Every row of `table` as JSON text, to prove what is and is not in it.
    func json(_ table: String) -> String {
        (rows.tables[table] ?? []).map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
    }
}
