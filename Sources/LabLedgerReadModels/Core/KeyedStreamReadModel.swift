import Foundation
import LabLedgerDomain

/// A stream read model whose work per event does not depend on how long the stream is. The
/// facts a stream accumulates (disbursements, adjustments) go to keyed tables as row writes
/// when they happen; the per-stream document keeps only what a summary row needs, so it stays
/// small however many facts the stream holds. Pure like `StreamReadModel`: the same events and
/// the same looked-up rows always give the same document and writes.
public protocol KeyedStreamReadModel: SendableMetatype {
    associatedtype Document: Codable & Sendable
    /// An event's payload as the model reads it (the category's domain event).
    associatedtype Decoded: Sendable
    static var category: StreamCategory { get }
    static var eventTypes: [String] { get }
    /// The payload of `event`, decoded once per page: `lookups` and `evolve` both read it
    /// (each decoded it before, and payload decoding is a large part of a rebuild's profile).
    static func decode(_ event: ProjectableEvent) throws -> Decoded
    /// The keyed rows `event` needs to see before it folds (the disbursement a reversal
    /// reverses); read once per page.
    static func lookups(_ event: ProjectableEvent, _ decoded: Decoded) throws -> [RowKey]
    /// The keyed rows `event` inserts as new facts, which it only checks are not there yet (a
    /// new disbursement's reference). A page applied as a whole does not read them
    /// (`ProjectionContext.readsNewFacts`): it inserts them without deleting by key, so the
    /// table's primary key refuses a repeated one, and its events are then applied one by one,
    /// reading them, so the repeated one is parked with the model's own reason.
    static func newFacts(_ event: ProjectableEvent, _ decoded: Decoded) throws -> [RowKey]
    /// Folds `event` (whose payload is `decoded`) into `document` (nil before the stream's first
    /// event), writing the keyed rows the event changes; `rows` answers the keys `lookups` named,
    /// those `newFacts` named unless the page left them unread (then nil), and this fold's writes.
    static func evolve(_ document: inout Document?, _ event: ProjectableEvent, _ decoded: Decoded, _ rows: inout KeyedRows) throws
    /// The stream's rows in the projection's replaced tables (its summary), from its document.
    static func rows(_ document: Document, streamID: String, into rows: inout ReadModelRows) throws
    /// `rows`, for a stream whose rows were last written from the document these `events` (all
    /// folded since, as `decode` gave them) moved to `document`: a row of a table written row
    /// by row (`ReadModelProjection.diffedTables`) that they cannot have changed, and that the
    /// previous document had, may be kept (`ReadModelRows.keep`) instead of rendered. Its bytes
    /// must be those the previous document rendered: a property test per model holds every kept
    /// row to that over a generated history. By default every row is rendered.
    static func rows(_ document: Document, streamID: String, changedBy events: [Decoded], into rows: inout ReadModelRows) throws
}

extension KeyedStreamReadModel {
    public static func lookups(_ event: ProjectableEvent, _ decoded: Decoded) throws -> [RowKey] { [] }
    public static func newFacts(_ event: ProjectableEvent, _ decoded: Decoded) throws -> [RowKey] { [] }

    public static func rows(_ document: Document, streamID: String, changedBy events: [Decoded], into rows: inout ReadModelRows) throws {
        try Self.rows(document, streamID: streamID, into: &rows)
    }

    /// Folds `event`, decoding its payload first: for a caller folding one event at a time.
    static func evolve(_ document: inout Document?, _ event: ProjectableEvent, _ rows: inout KeyedRows) throws {
        try evolve(&document, event, try decode(event), &rows)
    }
}
