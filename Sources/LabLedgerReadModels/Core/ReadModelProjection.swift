import Foundation
import LabLedgerDomain

/// A named projection: its version, the query tables it fills, and the stream models that
/// feed it. Its documents live in `<name>_documents` (stream_id, doc), which is also one of
/// `tables`.
public struct ReadModelProjection: Sendable {
    public let name: String
    /// Bump when the documents or rows for the same events change: workers then rebuild.
    public let version: Int
    public let tables: [String]
    /// The tables among `tables` written by key (table → its primary-key columns, in order):
    /// a keyed model's fact rows, inserted or replaced by key and never deleted per stream.
    /// The others are replaced per stream from its document.
    public let keyedTables: [String: [String]]
    /// Replaced tables among `tables` whose rows are written only when they change (table → the
    /// columns that name a row within the table, `stream_id` first): a runner that remembers what
    /// it wrote for a stream sends only the rows whose bytes changed and deletes, by key, the
    /// ones that went away; otherwise the stream's rows are replaced whole, as in any replaced
    /// table. For large rows most events leave alone (an IP asset's stored answers). Rows of such
    /// a table are added with their keys (`ReadModelRows.add(encoded:key:to:)`). Never an
    /// erasure's people table: a runner's document cached from before an erasure is caught by
    /// the people rows it writes again (`erasurePeopleTables`).
    public let diffedTables: [String: [String]]
    public let models: [StreamModel]
    /// The event types its models read. Stored: built on each use, it was 4.7% of the
    /// projection bench's instructions (a set per event where the bench and the lag probe ask).
    public let eventTypes: Set<String>

    public init(
        name: String, version: Int, tables: [String], keyedTables: [String: [String]] = [:], diffedTables: [String: [String]] = [:],
        models: [StreamModel]
    ) {
        self.name = name
        self.version = version
        self.tables = tables
        self.keyedTables = keyedTables
        self.diffedTables = diffedTables
        self.models = models
        eventTypes = Set(models.flatMap(\.eventTypes))
    }

    public var documentsTable: String { "\(name)_documents" }

    /// The people tables by which a person's erasure finds the documents to rewrite
    /// (`erase_person_from_read_models`, migration 0024): it deletes the person's rows and
    /// rewrites the documents of the streams they came from, in a rebuild's fresh tables too.
    public static let erasurePeopleTables: Set<String> = ["directory_people", "placement_people", "round_people"]

    /// Whether a rebuild may write the rows derived from documents once, at its end, rather than
    /// with each page (`StreamProjector.finishRebuild`). Not when one of those rows is in an
    /// erasure's people table: an erasure during the rebuild would find no rows, leave the
    /// person's details in the rebuild's documents, and the end's rows would then be refused.
    /// A keyed people table (`round_people`) is written with each page either way.
    public var writesRowsAtRebuildEnd: Bool {
        !tables.contains { keyedTables[$0] == nil && Self.erasurePeopleTables.contains($0) }
    }

    /// The model folding `streamID`'s events, by the stream's category.
    public func model(for streamID: String) -> StreamModel? {
        guard let dash = streamID.firstIndex(of: "-") else { return nil }
        let category = streamID[..<dash]
        return models.first { $0.category.rawValue == category }
    }
}

extension ProjectableEvent {
    /// The event through its aggregate's codec (which upcasts old schema versions).
    public func decoded<Codec: EventCodec>(_ codec: Codec.Type) throws -> Codec.Event {
        try Codec.decode(EncodedEvent(type: type, schemaVersion: schemaVersion, data: data))
    }
}
