import EventStore
import Foundation
import LabLedgerDomain
import LabLedgerReadModels
import PostgresNIO

/// Runs a pure `ReadModelProjection` against its tables: per batch, one read of the touched
/// streams' documents (those the runner does not still hold), one read per keyed table of the
/// rows the events asked to see, the folds in memory (streams split across cores), then one call of
/// `projection_write_rows`, which replaces the touched streams' rows in the replaced tables
/// (only the rows that changed, in a table written row by row whose stream the runner last
/// wrote: `ReadModelProjection.diffedTables`) and writes the keyed rows by key, in one round
/// trip; a live page passes the checkpoint's move too, and the call becomes
/// `projection_write_page`, the page's only write (`applyInOneStatement`). Replaced rows come from a stream's
/// whole document and keyed rows from the facts as they happen, so applying events in batches
/// of any size leaves the same tables as a rebuild (proven table by table by the tests).
///
/// A batch larger than `foldChunk` (a rebuild's or a catch-up's) is folded `foldChunk` events
/// at a time, and every stream it touched is encoded and written once, at the end, with the
/// keyed rows its chunks wrote: a stream's document and replaced rows cost the same whether
/// one event or a hundred changed it, and a rebuild of a history in which thousands of streams
/// are active at once otherwise rewrote each of them for nearly every event
/// (bench/README.md, "A rebuild writes each stream once per batch").
///
/// A rebuild goes further (`ProjectionContext.defersRows`): its batches write the touched
/// streams' documents and the keyed rows only, and `finishRebuild` writes every stream's other
/// rows from its document once the rebuild has caught up, before its tables are swapped in. A
/// stream that many batches touch (an IP asset with licences running through the whole history)
/// is then rendered once per rebuild instead of once per batch (bench/README.md, "A rebuild
/// renders each stream once").
public struct StreamProjector: Projector {
    public let definition: ReadModelProjection
    /// Events folded at a time; a batch of more is written once at its end (see above).
    public let foldChunk: Int

    /// A large batch's keyed rows, each a single fact, go `keyedSlice` (5,000 unless a test says
    /// otherwise) to a statement beside the slices of streams (`writeSlice`). All of a rebuild's
    /// batch of 50,000 in one statement was megabytes of JSON, held as `Data`, as a `String` and
    /// in two of PostgresNIO's buffers on the way out, and the connection's encoder keeps a
    /// buffer the size of the largest statement it sent (bench/README.md, "The workers' memory,
    /// found").
    public let keyedSlice: Int

    public init(_ definition: ReadModelProjection) {
        self.init(definition, foldChunk: 5_000)
    }

    public init(_ definition: ReadModelProjection, foldChunk: Int, keyedSlice: Int = 5_000) {
        self.definition = definition
        self.foldChunk = max(1, foldChunk)
        self.keyedSlice = max(1, keyedSlice)
    }

    public var name: String { definition.name }
    public var version: Int { definition.version }
    public var tables: [String] { definition.tables }
    public var eventTypes: Set<String> { definition.eventTypes }
    public var columnNames: [String] { (Array(definition.keyedTables.values) + Array(definition.diffedTables.values)).flatMap { $0 } }

    /// Streams rendered and written per statement when a large batch ends: bounds the JSON held
    /// at once (an IP asset's document and rows are tens of kilobytes).
    static let writeSlice = 500

    /// A rebuild's rows are written once, when it has caught up (`finishRebuild`): the tables it
    /// fills are read by nobody until they are swapped in. Not for a projection whose rows an
    /// erasure needs to find (`ReadModelProjection.writesRowsAtRebuildEnd`).
    public var defersRebuildRows: Bool { definition.writesRowsAtRebuildEnd }

    public func apply(_ events: [RecordedEvent], in context: ProjectionContext) async throws {
        // Chunks and rebuild batches carry their keyed rows from chunk to chunk and write them
        // by key: only a page written whole (`applyPage`) may leave new facts to the primary key.
        let context = context.reading(newFacts: true)
        if context.defersRows {
            try await writeDocuments(try await foldInChunks(events, in: context), in: context)
            return
        }
        guard events.count > foldChunk else {
            try await applyPage(events, moving: nil, in: context)
            return
        }
        let batch = try await foldInChunks(events, in: context)
        // The old rows of every touched stream go first, in one statement: a unique index across
        // streams (an output's DOI, which may move to another output) would otherwise refuse a
        // slice whose new row another slice's stream still holds.
        try await write([], existing: batch.touched.filter(\.existed).map(\.id), keyed: KeyedRows(), replacing: .all, in: context)
        // A batch this large (a catch-up's, or a rebuild's that writes its rows per batch) sends
        // its rows by COPY, as a rebuild's deferred writes do: the same rows in the same
        // transaction, for a fraction of PostgreSQL's work (bench/README.md, "A catch-up's rows
        // written with COPY").
        let layouts = try await copyLayouts(in: context)
        try await inStatements(batch) { slice, keyed in
            let rendered = try await context.folding.map(slice, weight: { _ in 1 }) { stream in
                try stream.model.render(try batch.value(of: stream.id), stream.id)
            }
            try await write(
                zip(slice, rendered).map { ($0.id, $1) }, existing: [], keyed: keyed, replacing: .all, copying: layouts, in: context)
        }
    }

    /// Writes `batch` a statement at a time: its touched streams `writeSlice` at a time beside
    /// its keyed rows `keyedSlice` at a time, until both are written. The first keyed rows go
    /// with the first streams: `projection_write_rows` writes the documents table first, the
    /// order a person's erasure locks the tables in, and the later ones follow in the same
    /// transaction.
    private func inStatements(
        _ batch: FoldedBatch, _ write: (_ slice: [FoldedBatch.Touched], _ keyed: KeyedRows) async throws -> Void
    ) async throws {
        let keyedParts = Self.parts(of: batch.pending, size: keyedSlice)
        var (from, part) = (0, 0)
        while from < batch.touched.count || part < keyedParts.count {
            let slice = Array(batch.touched[from..<min(from + Self.writeSlice, batch.touched.count)])
            try await write(slice, part < keyedParts.count ? keyedParts[part] : KeyedRows())
            from += slice.count
            part += 1
        }
    }

    /// `keyed`'s written rows in parts of at most `size`, in the order they were first
    /// written; one part, perhaps empty, at least.
    static func parts(of keyed: KeyedRows, size: Int) -> [KeyedRows] {
        var parts: [KeyedRows] = []
        var part = KeyedRows(unread: keyed.unread)
        var count = 0
        for key in keyed.order {
            guard let row = keyed.written[key] else { continue }
            if count == size {
                parts.append(part)
                (part, count) = (KeyedRows(unread: keyed.unread), 0)
            }
            part.write(encoded: row, key)
            count += 1
        }
        parts.append(part)
        return parts
    }

    /// A live page of at most `foldChunk` events is one statement: the reads its folds need,
    /// then its rows and the checkpoint's move in one call of `projection_write_page`.
    public func appliesInOneStatement(_ events: [RecordedEvent], in context: ProjectionContext) -> Bool {
        !context.defersRows && events.count <= foldChunk
    }

    public func applyInOneStatement(_ events: [RecordedEvent], moving move: CheckpointMove, in context: ProjectionContext) async throws {
        guard appliesInOneStatement(events, in: context) else { throw OneStatementUnsupported(projection: name) }
        try await applyPage(events, moving: move, in: context)
    }

    /// Folds a page of at most `foldChunk` events, renders every stream it touched and writes them
    /// in one statement, with the checkpoint's `move` when there is one.
    private func applyPage(_ events: [RecordedEvent], moving move: CheckpointMove?, in context: ProjectionContext) async throws {
        let folded = try await fold(events, in: context, carried: [:], pending: KeyedRows(), render: true)
        // Every stream's fold saw the page's lookups, unread keys included.
        var keyed = KeyedRows(unread: folded.first?.keyed.unread ?? [])
        Self.merge(folded, into: &keyed)
        let (diffed, written) = changes(of: folded)
        try await write(
            folded.compactMap { stream in stream.rendered.map { (stream.id, $0) } }, existing: folded.filter(\.existed).map(\.id),
            keyed: keyed, diffed: diffed, replacing: .all, moving: move, in: context)
        for (stream, rows) in written { context.cache?.stage(written: rows, for: stream) }
    }

    /// The changes `folded` makes to the tables written row by row (`ReadModelProjection.diffedTables`),
    /// gathered per table, and what the tables hold of each stream once they are written.
    private func changes(of folded: [FoldedStream]) -> (diffed: [String: DiffedRows], written: [String: WrittenRows]) {
        var diffed: [String: DiffedRows] = [:]
        var written: [String: WrittenRows] = [:]
        for stream in folded where !stream.changes.isEmpty {
            var now = WrittenRows()
            for (table, change) in stream.changes {
                diffed[table, default: DiffedRows()].add(stream.id, change)
                now.tables[table] = change.written
            }
            written[stream.id] = now
        }
        return (diffed, written)
    }

    /// How `rows`, one stream's rendered rows, change the tables written row by row against what
    /// the runner last wrote of the stream: hashed where the stream was rendered, on the folding cores.
    private static func rowChanges(_ rows: ReadModelRows, of stream: PageStream, diffedTables: [String: [String]]) throws -> [String: RowChanges] {
        var changes: [String: RowChanges] = [:]
        if let stray = rows.kept.keys.first(where: { diffedTables[$0] == nil }) { throw ProjectionSetupError.keptRowsInReplacedTable(stray) }
        for (table, columns) in diffedTables {
            let written = rows.tables[table] ?? []
            let keys = rows.keys[table] ?? []
            guard keys.count == written.count else { throw ProjectionSetupError.rowsWithoutKeys(table) }
            changes[table] = try RowChanges.plan(
                previous: stream.written?.tables[table], existed: stream.existed, stream: stream.id, table: table, columns: columns.count,
                rows: written, keys: keys, kept: rows.kept[table] ?? [])
        }
        return changes
    }

    /// Writes the rows of the next `writeSlice` streams after `cursor` (in `stream_id` order)
    /// from their documents, which the rebuild's pages wrote without them; nil when no stream
    /// is left. A stream's old rows, if an interrupted finish wrote them, are replaced.
    public func finishRebuild(after cursor: String, in context: ProjectionContext) async throws -> String? {
        let documentsTable = try context.table(definition.documentsTable)
        var ids: [String] = []
        let listed = try await context.connection.query(
            "SELECT stream_id FROM \(unescaped: documentsTable) WHERE stream_id > \(cursor) ORDER BY stream_id LIMIT \(Self.writeSlice)",
            logger: context.logger)
        for try await id in listed.decode(String.self) { ids.append(id) }
        guard let last = ids.last else { return nil }
        var cached: [String: any Sendable] = [:]
        for id in ids { cached[id] = context.cache?.value(of: id) }
        var stored: [String: Data] = [:]
        let missing = ids.filter { cached[$0] == nil }
        if !missing.isEmpty {
            let rows = try await context.connection.query(
                "SELECT stream_id, doc::text FROM \(unescaped: documentsTable) WHERE stream_id = ANY(\(missing))", logger: context.logger)
            for try await (stream, text) in rows.decode((String, String).self) { stored[stream] = Data(text.utf8) }
        }
        let streams = try ids.map { id in
            guard let model = definition.model(for: id) else { throw ReadModelError.noDocument(streamID: id) }
            return PageStream(id: id, model: model, events: [], cached: cached[id], stored: stored[id])
        }
        // The rows alone: the documents are written already, so they are not encoded again.
        let rows = try await context.folding.map(streams, weight: { _ in 1 }) { stream in
            // No events: the cached value as it is, or the stored document decoded.
            let value = try stream.cached ?? stream.model.advance(nil, stream.stored, stream.id, [], nil, KeyedRows()).value
            return try stream.model.rows(value, stream.id)
        }
        try await write(
            documents: [], tableRows: Self.byTable(rows), existing: ids, keyed: KeyedRows(), replacing: .rows,
            copying: try await copyLayouts(in: context), in: context)
        return ids.count < Self.writeSlice ? nil : last
    }

    /// A batch folded chunk by chunk, nothing written yet: its streams in order of first
    /// appearance, their documents as values, and the keyed rows the chunks wrote.
    private struct FoldedBatch {
        typealias Touched = (id: String, model: StreamModel, existed: Bool)
        var touched: [Touched] = []
        var carried: [String: any Sendable] = [:]
        var pending = KeyedRows()

        func value(of stream: String) throws -> any Sendable {
            guard let value = carried[stream] else { throw ReadModelError.noDocument(streamID: stream) }
            return value
        }
    }

    /// Folds `events` `foldChunk` at a time without writing. Nothing is written before the last
    /// chunk has folded: the transaction takes its ID at its first write, and an open
    /// transaction with an ID holds every gap-safe reader's watermark back (the other
    /// projections, the log sequencer, queries waiting for a position). The keyed rows earlier
    /// chunks wrote are kept and laid over what later chunks look up.
    private func foldInChunks(_ events: [RecordedEvent], in context: ProjectionContext) async throws -> FoldedBatch {
        var batch = FoldedBatch()
        var start = 0
        while start < events.count {
            let end = min(start + foldChunk, events.count)
            let folded = try await fold(Array(events[start..<end]), in: context, carried: batch.carried, pending: batch.pending, render: false)
            for stream in folded {
                if batch.carried[stream.id] == nil { batch.touched.append((stream.id, stream.model, stream.existed)) }
                batch.carried[stream.id] = stream.value
            }
            Self.merge(folded, into: &batch.pending)
            start = end
        }
        return batch
    }

    /// A rebuild's batch: the touched streams' documents, without their rows, and the keyed rows.
    private func writeDocuments(_ batch: FoldedBatch, in context: ProjectionContext) async throws {
        // Read once for the batch's statements, not once per statement.
        let layouts = try await copyLayouts(in: context)
        try await inStatements(batch) { slice, keyed in
            let documents = try await context.folding.map(slice, weight: { _ in 1 }) { stream in
                try stream.model.encode(try batch.value(of: stream.id), stream.id)
            }
            try await write(
                documents: zip(slice, documents).map { ($0.id, $1) }, tableRows: [:], existing: slice.filter(\.existed).map(\.id),
                keyed: keyed, replacing: .documents, copying: layouts, in: context)
        }
    }

    /// One stream after a fold: its document as a value and, when asked, rendered.
    private struct FoldedStream: Sendable {
        let id: String
        let model: StreamModel
        /// It had a document (and so rows) before this batch.
        let existed: Bool
        let value: any Sendable
        let keyed: KeyedRows
        let rendered: StreamModel.Rendered?
        /// Its changes to the tables written row by row, when rendered.
        let changes: [String: RowChanges]
    }

    /// A table written row by row, as one page writes it: the streams replaced whole, the rows
    /// to insert, and the keys of the rows to delete (those replaced and those gone).
    struct DiffedRows: Sendable {
        var whole: [String] = []
        var rows: [Data] = []
        var gone: [[String]] = []

        var isEmpty: Bool { whole.isEmpty && rows.isEmpty && gone.isEmpty }

        mutating func add(_ stream: String, _ change: RowChanges) {
            if change.replacesWhole { whole.append(stream) }
            rows += change.rows
            gone += change.gone
        }
    }

    /// Every stream's keyed writes into `rows`, later ones over earlier ones.
    private static func merge(_ streams: [FoldedStream], into rows: inout KeyedRows) {
        for stream in streams {
            for key in stream.keyed.order {
                if let row = stream.keyed.written[key] { rows.write(encoded: row, key) }
            }
        }
    }

    /// Folds `events` per stream, in order of first appearance, onto the value `carried` holds,
    /// else the one the runner kept, else the stored document; rendered when `render`. The keyed
    /// rows the events look up are read from the tables, `pending` over them.
    private func fold(
        _ events: [RecordedEvent], in context: ProjectionContext, carried: [String: any Sendable], pending: KeyedRows, render: Bool
    ) async throws -> [FoldedStream] {
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
        guard !order.isEmpty else { return [] }

        let documentsTable = try context.table(definition.documentsTable)
        var cached: [String: any Sendable] = [:]
        for stream in order {
            if let value = carried[stream] ?? context.cache?.value(of: stream) { cached[stream] = value }
        }
        // A stream whose page begins with its first event has no document yet: the checkpoint
        // moves with the documents, so no earlier page wrote one. A third of the live pages at
        // 1,000 appends/s asked for such documents and found none (bench/README.md, "A live page
        // in one statement").
        let missing = order.filter { cached[$0] == nil && byStream[$0]?.events.first?.streamVersion != 1 }
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
        let lookups = streams.flatMap { $0.prepared?.lookups ?? [] }
        let newFacts = streams.flatMap { $0.prepared?.newFacts ?? [] }
        // A key another event of the page reads is read, and then deleted by key when written.
        let unread = context.readsNewFacts ? [] : Set(newFacts).subtracting(lookups)
        let found = KeyedRows(
            found: try await lookUp(context.readsNewFacts ? lookups + newFacts : lookups, in: context, over: pending), unread: unread)
        // What the runner last wrote of each stream's rows, read before the new values are staged,
        // which forgets it; a value carried from an earlier chunk of the batch was not written yet.
        for index in streams.indices where carried[streams[index].id] == nil && streams[index].cached != nil {
            streams[index].written = context.cache?.written(of: streams[index].id)
        }
        let diffedTables = definition.diffedTables
        let folds = try await context.folding.map(streams, weight: { $0.weight }) { stream in
            let advanced = try stream.model.advance(stream.cached, stream.stored, stream.id, stream.events, stream.prepared, found)
            guard render else { return (advanced, nil as StreamModel.Rendered?, [String: RowChanges]()) }
            // Knowing what was written of the stream, its model need not render rows the page's
            // events cannot have changed (an IP asset's stored answers for other parties).
            let rendered = try stream.model.render(advanced, stream.id, rowsWritten: stream.written != nil)
            return (advanced, rendered, try Self.rowChanges(rendered.rows, of: stream, diffedTables: diffedTables))
        }
        return zip(streams, folds).map { stream, folded in
            context.cache?.stage(folded.0.value, for: stream.id)
            return FoldedStream(
                id: stream.id, model: stream.model, existed: stream.existed, value: folded.0.value, keyed: folded.0.keyed,
                rendered: folded.1, changes: folded.2)
        }
    }

    /// What a write replaces: every replaced table; the documents only (a rebuild's batch: the
    /// other replaced tables only lose the touched streams' rows, which an interrupted finish
    /// or per-page fallback may have left and which a later finish's slice could meet in a
    /// unique index across streams); or the rows derived from documents only (a rebuild's
    /// finish). Keyed tables are written whenever there are keyed rows.
    private enum Replacing {
        case all, documents, rows
    }

    /// One call of `projection_write_rows` for `rendered` streams.
    private func write(
        _ rendered: [(id: String, rendered: StreamModel.Rendered)], existing: [String], keyed: KeyedRows, diffed: [String: DiffedRows] = [:],
        replacing: Replacing, moving move: CheckpointMove? = nil, copying copyRows: [String: CopyRows] = [:], in context: ProjectionContext
    ) async throws {
        try await write(
            documents: rendered.map { ($0.id, $0.rendered.document) }, tableRows: Self.byTable(rendered.map(\.rendered.rows)),
            existing: existing, keyed: keyed, diffed: diffed, replacing: replacing, moving: move, copying: copyRows, in: context)
    }

    /// Several streams' rows gathered per table, in the streams' order.
    private static func byTable(_ streams: [ReadModelRows]) -> [String: [Data]] {
        var tableRows: [String: [Data]] = [:]
        for rows in streams {
            for (table, written) in rows.tables { tableRows[table, default: []].append(contentsOf: written) }
        }
        return tableRows
    }

    /// One call of `projection_write_rows`: the rows of the streams in `existing` deleted from
    /// the replaced tables `replacing` names, then the `documents` and `tableRows` inserted into
    /// them and the `keyed` rows written by key; a table written row by row that `diffed` names
    /// gets its changes instead (its whole streams deleted, its gone and changed rows deleted by
    /// key, its changed rows inserted). None when there is nothing to do. With a checkpoint's
    /// `move`, one call of `projection_write_page` instead, which writes the rows and then moves
    /// it, even when there are no rows. The tables `copyRows` lays out (a large batch's writes) get
    /// their rows by COPY after the call instead.
    private func write(
        documents: [(id: String, document: Data)], tableRows: [String: [Data]], existing: [String], keyed: KeyedRows,
        diffed: [String: DiffedRows] = [:], replacing: Replacing, moving move: CheckpointMove? = nil,
        copying copyRows: [String: CopyRows] = [:], in context: ProjectionContext
    ) async throws {
        var tableRows = tableRows
        let documentRows = documents.map { Self.documentRow(stream: $0.id, document: $0.document) }
        var keyedRows: [String: [Data]] = [:]
        var keyedKeys: [String: [[String]]] = [:]
        for key in keyed.order {
            guard let row = keyed.written[key] else { continue }
            keyedRows[key.table, default: []].append(row)
            // A new fact nobody read is inserted only: the table refuses it if it had the key.
            if !keyed.unread.contains(key) { keyedKeys[key.table, default: []].append(key.values) }
        }
        guard move != nil || !documentRows.isEmpty || !existing.isEmpty || !keyedRows.isEmpty || diffed.values.contains(where: { !$0.isEmpty }) else {
            return
        }

        let existingStreams = Self.jsonArray(existing.map(Self.jsonString))
        // A large batch (a rebuild's or a catch-up's) or a rebuild's finish passes `copyRows` (its
        // writes have no checkpoint in the statement): the rows of the tables it names go by COPY
        // after the deletes.
        var copies: [(table: String, layout: CopyRows, text: [UInt8])] = []
        /// The rows of `table` as JSON for the statement, or "[]" when they go by COPY.
        func rowsForStatement(_ rows: [Data], of table: String) -> String {
            if !rows.isEmpty, let layout = copyRows[table], let text = layout.text(rows) {
                copies.append((table, layout, text))
                return "[]"
            }
            return Self.jsonArray(rows)
        }
        var physical: [String] = []
        var streams: [String] = []
        var arrays: [String] = []
        var keys: [String] = []
        var gone: [String] = []
        for logical in definition.tables {
            if let columns = definition.keyedTables[logical] {
                if tableRows[logical] != nil { throw ProjectionSetupError.replacedRowsInKeyedTable(logical) }
                let table = try context.table(logical)
                physical.append(table)
                streams.append("[]")
                arrays.append(rowsForStatement(keyedRows.removeValue(forKey: logical) ?? [], of: table))
                keys.append(columns.joined(separator: ","))
                // A keyed row replaces the row with its key, but for an unread new fact's.
                gone.append(try Self.jsonKeys(keyedKeys[logical] ?? [], columns: columns, table: logical))
                continue
            }
            let isDocuments = logical == definition.documentsTable
            if replacing == .rows, isDocuments { continue }
            let table = try context.table(logical)
            physical.append(table)
            if let changes = diffed[logical], let columns = definition.diffedTables[logical] {
                tableRows.removeValue(forKey: logical)
                streams.append(Self.jsonArray(changes.whole.map(Self.jsonString)))
                arrays.append(Self.jsonArray(changes.rows))
                keys.append(columns.joined(separator: ","))
                gone.append(try Self.jsonKeys(changes.gone, columns: columns, table: logical))
                continue
            }
            streams.append(existingStreams)
            arrays.append(rowsForStatement(isDocuments ? documentRows : tableRows.removeValue(forKey: logical) ?? [], of: table))
            keys.append("")
            gone.append("[]")
        }
        if let stray = (Array(tableRows.keys) + Array(keyedRows.keys)).sorted().first {
            throw ProjectionSetupError.undeclaredTable(stray)
        }
        if !copies.isEmpty {
            // Every table locked first, in the projection's order, as the function's writes
            // lock them when it inserts the rows itself: the COPYs come after its deletes, and a
            // batch of new streams would otherwise lock a keyed table before the documents,
            // against the order an erasure locks them in (erase_person_lock_read_models).
            try await context.connection.query(
                PostgresQuery(unsafeSQL: "LOCK TABLE \(physical.joined(separator: ", ")) IN ROW EXCLUSIVE MODE"), logger: context.logger)
        }
        // Drained, not dropped: a SELECT's failure (a constraint, an index entry too large)
        // arrives after its row description, while the rows are read. Left unread, the error
        // was lost and the next statement of the transaction failed instead, with "current
        // transaction is aborted" in the dead letter.
        let written: PostgresRowSequence
        if let move {
            written = try await context.connection.query(
                """
                SELECT projection_write_page(\(move.projection), \(String(move.from.transactionID))::xid8, \(move.from.position),
                    \(String(move.to.transactionID))::xid8, \(move.to.position), \(Int64(move.applied)), \(move.state.rawValue),
                    \(physical), \(streams)::jsonb[], \(arrays)::jsonb[], \(keys), \(gone)::jsonb[])
                """,
                logger: context.logger)
        } else {
            written = try await context.connection.query(
                "SELECT projection_write_rows(\(physical), \(streams)::jsonb[], \(arrays)::jsonb[], \(keys), \(gone)::jsonb[])",
                logger: context.logger)
        }
        for try await _ in written {}
        for copy in copies {
            try await Self.copy(copy.text, into: copy.table, columns: copy.layout.columns.map(\.name), in: context)
        }
    }

    /// How each of the projection's tables in `context` takes COPY rows (`CopyRows`), from the
    /// catalog, for the writes of large batches. Left out, their rows going in the statement: a
    /// table with a column of a kind `CopyRows` does not write (a composite, an array of JSON),
    /// a relation that is not a plain table, and a table with a statement-level BEFORE INSERT
    /// trigger (below).
    private func copyLayouts(in context: ProjectionContext) async throws -> [String: CopyRows] {
        let tables = try definition.tables.map(context.table)
        let rows = try await context.connection.query(
            """
            SELECT c.relname::text, a.attname::text, t.typname::text, t.typtype::text || t.typcategory::text,
                coalesce(e.typname::text, ''), coalesce(e.typtype::text || e.typcategory::text || e.typdelim::text || (e.typarray = t.oid)::text, ''),
                c.relkind = 'r' AND NOT EXISTS (
                    SELECT FROM pg_trigger g WHERE g.tgrelid = c.oid AND NOT g.tgisinternal AND g.tgenabled <> 'D'
                      AND g.tgtype & 1 = 0 AND g.tgtype & 2 <> 0 AND g.tgtype & 4 <> 0)
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_type t ON t.oid = a.atttypid
                LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typcategory = 'A'
            WHERE a.attrelid = ANY(SELECT to_regclass(name) FROM unnest(\(tables)::text[]) AS name)
              AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY c.relname, a.attnum
            """,
            logger: context.logger)
        var columns: [String: [CopyRows.Column]] = [:]
        var unsupported: Set<String> = []
        for try await (table, name, type, category, element, elementCategory, copyable) in rows.decode(
            (String, String, String, String, String, String, Bool).self)
        {
            // Only a plain table without a statement-level BEFORE INSERT trigger: such a trigger
            // can refuse the COPY before its first data, and PostgresNIO (1.33) then stops the
            // process on a precondition at the next `write` (bench/README.md, "A catch-up's rows
            // written with COPY"). Its rows go in the statement.
            guard copyable else {
                unsupported.insert(table)
                continue
            }
            // `category` is the type's typtype and typcategory: base types ("b") only, as a
            // domain over jsonb would be taken for a scalar, and `json` (not jsonb) is left out, as
            // jsonb_populate_recordset writes it as jsonb prints it, not as the row has it. An
            // array's elements are base or enum scalars, not JSON, delimited by commas (the
            // literal CopyRows writes), as in text[] and integer[]; and the element's own array
            // type ("true"), not a vector such as int2vector, whose literal is another.
            let scalarElement =
                ["b", "e"].contains(elementCategory.prefix(1)) && elementCategory.dropFirst().first != "C"
                && elementCategory.hasSuffix(",true") && !["json", "jsonb"].contains(element)
            let kind: CopyRows.Kind? =
                switch (type, category) {
                case ("jsonb", "bU"): .json
                case ("json", _): nil
                case (_, "bA"): scalarElement ? .array : nil
                case (_, let category) where category.hasPrefix("b") && category != "bC": .scalar
                default: nil
                }
            guard let kind, (try? ProjectionSetupError.validate(name)) != nil else {
                unsupported.insert(table)
                continue
            }
            columns[table, default: []].append(CopyRows.Column(name: name, kind: kind))
        }
        return columns.filter { !unsupported.contains($0.key) }.mapValues { CopyRows(columns: $0) }
    }

    /// `text` into `table` by `COPY … FROM STDIN`, in pieces of a mebibyte.
    private static func copy(_ text: [UInt8], into table: String, columns: [String], in context: ProjectionContext) async throws {
        try await context.connection.copyFrom(table: table, columns: columns, logger: context.logger) { writer in
            var start = 0
            while start < text.count {
                let end = min(start + 1 << 20, text.count)
                try await writer.write(ByteBuffer(bytes: text[start..<end]))
                start = end
            }
        }
    }

    /// The keyed rows `keys` name, as the tables hold them before this page with `pending` (an
    /// earlier chunk's writes) over them: one query per keyed table that any of the page's
    /// events asked about.
    private func lookUp(_ keys: [RowKey], in context: ProjectionContext, over pending: KeyedRows) async throws -> [RowKey: Data] {
        guard !keys.isEmpty else { return [:] }
        var found: [RowKey: Data] = [:]
        // A key an earlier chunk of the batch wrote is answered by that write, not the table.
        var unanswered: [RowKey] = []
        for key in keys {
            if let row = pending.written[key] { found[key] = row } else { unanswered.append(key) }
        }
        for (table, tableKeys) in Dictionary(grouping: unanswered, by: \.table).sorted(by: { $0.key < $1.key }) {
            guard let columns = definition.keyedTables[table] else { throw ProjectionSetupError.undeclaredTable(table) }
            let text = try Self.jsonKeys(Array(Set(tableKeys)).map(\.values), columns: columns, table: table)
            let rows = try await context.connection.query(
                "SELECT key, row_json FROM projection_lookup(\(try context.table(table)), \(columns), \(text)::jsonb)",
                logger: context.logger)
            for try await (values, row) in rows.decode(([String], String).self) {
                found[RowKey(table, values)] = Data(row.utf8)
            }
        }
        return found
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

    /// `[{"column": "value", …}, …]` for `keys` of a table with key `columns`, written directly:
    /// a dictionary per key, encoded, was most of a lookup's client time.
    static func jsonKeys(_ keys: [[String]], columns: [String], table: String) throws -> String {
        var json: [UInt8] = [UInt8(ascii: "[")]
        for (index, key) in keys.enumerated() {
            guard key.count == columns.count else { throw ProjectionSetupError.keyMismatch(table: table, columns: columns, key: key) }
            if index > 0 { json.append(UInt8(ascii: ",")) }
            json.append(UInt8(ascii: "{"))
            for (position, (column, value)) in zip(columns, key).enumerated() {
                if position > 0 { json.append(UInt8(ascii: ",")) }
                CompactJSONEncoder.appendString(column, to: &json)
                json.append(UInt8(ascii: ":"))
                CompactJSONEncoder.appendString(value, to: &json)
            }
            json.append(UInt8(ascii: "}"))
        }
        json.append(UInt8(ascii: "]"))
        return String(decoding: json, as: UTF8.self)
    }

    /// `text` as a JSON string.
    static func jsonString(_ text: String) -> Data {
        var json: [UInt8] = []
        CompactJSONEncoder.appendString(text, to: &json)
        return Data(json)
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
    /// What the runner last wrote of its rows in the tables written row by row; nil when unknown.
    var written: WrittenRows?

    /// It had a document, and so rows, before this page: rows only come from documents.
    var existed: Bool { stored != nil || cached != nil }

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
