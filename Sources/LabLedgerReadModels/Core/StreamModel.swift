import Foundation
import LabLedgerDomain

/// One stream category's part of a read model: how the category's events fold into a
/// document per stream, and which query rows a document yields. Pure: no clock, no I/O, no
/// look at other streams, so the same events always give the same document and rows.
public protocol StreamReadModel: SendableMetatype {
    associatedtype Document: Codable & Sendable
    static var category: StreamCategory { get }
    /// The event types of `category` this model reads.
    static var eventTypes: [String] { get }
    /// The document after `event`; `document` is nil before the stream's first event read.
    static func evolve(_ document: Document?, _ event: ProjectableEvent) throws -> Document
    /// The query rows for `document` of stream `streamID` (each with a `stream_id` column).
    static func rows(_ document: Document, streamID: String, into rows: inout ReadModelRows) throws
}

/// A stream read model with its types erased, so a projection can hold several: a document
/// model (`StreamReadModel`, every row re-derived from the document) or a keyed one
/// (`KeyedStreamReadModel`, facts written by key as they happen).
public struct StreamModel: Sendable {
    public struct Folded: Sendable {
        /// The new document, JSON with sorted keys.
        public let document: Data
        /// The same document as a value, for a caller that keeps it to fold the next events onto.
        public let value: any Sendable
        /// The stream's rows in the replaced tables, all of them.
        public let rows: ReadModelRows
        /// The keyed rows this fold wrote (none for a document model).
        public let keyed: KeyedRows
    }

    /// A stream's document after a fold, as a value, before it is encoded: a rebuild folds a
    /// stream through several pages and encodes it once (see `StreamProjector`).
    public struct Advanced: Sendable {
        public let value: any Sendable
        /// The keyed rows this fold wrote (none for a document model).
        public let keyed: KeyedRows
        /// The payloads this fold folded, as the model decoded them (nil for a document model):
        /// what `changedRows` reads.
        fileprivate let decoded: (any Sendable)?
    }

    /// What a document is written as: itself, JSON with sorted keys, and its replaced rows.
    public struct Rendered: Sendable {
        public let document: Data
        public let rows: ReadModelRows
    }

    /// What a model reads from one stream's events before the page's rows are looked up: the
    /// keys to look up, those of the new facts they insert and, for a keyed model, the events'
    /// payloads decoded, which the fold then reads instead of decoding them again.
    public struct Prepared: Sendable {
        public let lookups: [RowKey]
        /// The keys of the new facts the events insert (`KeyedStreamReadModel.newFacts`).
        public let newFacts: [RowKey]
        /// The model's decoded payloads, one per event (nil for a document model).
        fileprivate let decoded: (any Sendable)?
    }

    public let category: StreamCategory
    public let eventTypes: [String]
    /// Reads `events` (one stream's, in order) before the fold: the keyed rows they need to see
    /// (none for a document model) and their decoded payloads.
    public let prepare: @Sendable (_ events: [ProjectableEvent]) throws -> Prepared
    /// Folds `events` (one stream's, in order) onto its document: `value` when the caller kept
    /// the one a previous fold returned, else the stored JSON `document` (nil when new);
    /// `prepared` is what `prepare` returned for the same events (nil: decode them here);
    /// `found` holds the rows its lookups named, as the tables have them.
    public let advance: @Sendable (
        _ value: (any Sendable)?, _ document: Data?, _ streamID: String, _ events: [ProjectableEvent], _ prepared: Prepared?,
        _ found: KeyedRows
    ) throws -> Advanced
    /// The rows of the document `value` (one `advance` returned) of stream `streamID`, alone:
    /// what a rebuild's end writes (`StreamProjector.finishRebuild`).
    public let rows: @Sendable (_ value: any Sendable, _ streamID: String) throws -> ReadModelRows
    /// `rows`, for a stream whose rows were last written from the document the folded payloads
    /// `decoded` (an `Advanced`'s) moved to `value`: rows they cannot have changed may be kept
    /// (`KeyedStreamReadModel.rows(_:streamID:changedBy:into:)`).
    let changedRows: @Sendable (_ value: any Sendable, _ streamID: String, _ decoded: (any Sendable)?) throws -> ReadModelRows
    /// The document `value` alone, encoded: what a rebuild writes per batch while it leaves the
    /// rows to its end.
    public let encode: @Sendable (_ value: any Sendable, _ streamID: String) throws -> Data

    /// The document `value`, encoded, with its rows.
    public func render(_ value: any Sendable, _ streamID: String) throws -> Rendered {
        Rendered(document: try encode(value, streamID), rows: try rows(value, streamID))
    }

    /// `advanced` encoded, with its rows; when `rowsWritten`, the caller knows the rows written
    /// from the document it was folded onto, and rows its events cannot have changed may be
    /// kept (`ReadModelRows.kept`) rather than rendered.
    public func render(_ advanced: Advanced, _ streamID: String, rowsWritten: Bool) throws -> Rendered {
        guard rowsWritten else { return try render(advanced.value, streamID) }
        return Rendered(document: try encode(advanced.value, streamID), rows: try changedRows(advanced.value, streamID, advanced.decoded))
    }

    /// `advance`, then `render`: what a page writes for one stream.
    public func foldValue(
        _ value: (any Sendable)?, _ document: Data?, _ streamID: String, _ events: [ProjectableEvent], _ prepared: Prepared?,
        _ found: KeyedRows
    ) throws -> Folded {
        let advanced = try advance(value, document, streamID, events, prepared, found)
        let rendered = try render(advanced.value, streamID)
        return Folded(document: rendered.document, value: advanced.value, rows: rendered.rows, keyed: advanced.keyed)
    }

    /// Folds `events` onto the stored JSON `document` (nil when new).
    public func fold(_ document: Data?, _ streamID: String, _ events: [ProjectableEvent], found: KeyedRows = KeyedRows()) throws -> Folded {
        try foldValue(nil, document, streamID, events, nil, found)
    }

    public init<Model: StreamReadModel>(_ model: Model.Type) {
        category = Model.category
        eventTypes = Model.eventTypes
        prepare = { _ in Prepared(lookups: [], newFacts: [], decoded: nil) }
        advance = { value, stored, streamID, events, _, found in
            var document = value as? Model.Document
            if document == nil, let stored {
                document = try CompactJSONDecoder().decode(Model.Document.self, from: stored)
            }
            for event in events {
                document = try Model.evolve(document, event)
            }
            guard let document else { throw ReadModelError.noDocument(streamID: streamID) }
            return Advanced(value: document, keyed: found, decoded: nil)
        }
        rows = { value, streamID in try Self.rows(Model.Document.self, value, streamID, Model.rows) }
        changedRows = { value, streamID, _ in try Self.rows(Model.Document.self, value, streamID, Model.rows) }
        encode = { value, streamID in try Self.encode(Model.Document.self, value, streamID) }
    }

    public init<Model: KeyedStreamReadModel>(_ model: Model.Type) {
        category = Model.category
        eventTypes = Model.eventTypes
        prepare = { events in
            let decoded = try events.map(Model.decode)
            var lookups: [RowKey] = []
            var newFacts: [RowKey] = []
            for (event, payload) in zip(events, decoded) {
                lookups += try Model.lookups(event, payload)
                newFacts += try Model.newFacts(event, payload)
            }
            return Prepared(lookups: lookups, newFacts: newFacts, decoded: decoded)
        }
        advance = { value, stored, streamID, events, prepared, found in
            var document = value as? Model.Document
            if document == nil, let stored {
                document = try CompactJSONDecoder().decode(Model.Document.self, from: stored)
            }
            // What `prepare` decoded for these events, or decoded here when the caller has none.
            let kept = prepared?.decoded as? [Model.Decoded]
            let decoded = try kept.flatMap { $0.count == events.count ? $0 : nil } ?? events.map(Model.decode)
            var keyed = found
            for (event, payload) in zip(events, decoded) {
                try Model.evolve(&document, event, payload, &keyed)
            }
            guard let document else { throw ReadModelError.noDocument(streamID: streamID) }
            return Advanced(value: document, keyed: keyed, decoded: decoded)
        }
        rows = { value, streamID in try Self.rows(Model.Document.self, value, streamID, Model.rows) }
        changedRows = { value, streamID, decoded in
            // Payloads of another type would be another model's: render every row.
            guard let events = decoded as? [Model.Decoded] else { return try Self.rows(Model.Document.self, value, streamID, Model.rows) }
            return try Self.rows(Model.Document.self, value, streamID) { document, streamID, rows in
                try Model.rows(document, streamID: streamID, changedBy: events, into: &rows)
            }
        }
        encode = { value, streamID in try Self.encode(Model.Document.self, value, streamID) }
    }

    private static func encode<Document: Encodable & Sendable>(_ type: Document.Type, _ value: any Sendable, _ streamID: String) throws -> Data {
        guard let document = value as? Document else { throw ReadModelError.noDocument(streamID: streamID) }
        return try ReadModelRows.encoder.encode(document)
    }

    private static func rows<Document: Sendable>(
        _ type: Document.Type, _ value: any Sendable, _ streamID: String,
        _ rows: (Document, String, inout ReadModelRows) throws -> Void
    ) throws -> ReadModelRows {
        guard let document = value as? Document else { throw ReadModelError.noDocument(streamID: streamID) }
        var written = ReadModelRows()
        try rows(document, streamID, &written)
        return written
    }
}

public enum ReadModelError: Error, Equatable, CustomStringConvertible {
    case noDocument(streamID: String)
    /// An event that needs an earlier one this stream never had (e.g. a licence on an asset
    /// that was never disclosed): the history and the model disagree.
    case outOfOrder(streamID: String, type: String, reason: String)

    public var description: String {
        switch self {
        case .noDocument(let stream): "No document for stream \(stream) after folding."
        case .outOfOrder(let stream, let type, let reason): "\(type) on \(stream): \(reason)"
        }
    }
}
