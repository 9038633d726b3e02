import Foundation
import LabLedgerDomain

/// A stream read model whose work per event does not depend on how long the stream is. The
/// facts a stream accumulates (disbursements, adjustments) go to keyed tables as row writes
/// when they happen; the per-stream document keeps only what a summary row needs, so it stays
/// small however many facts the stream holds. Pure like `StreamReadModel`: the same events and
/// the same looked-up rows always give the same document and writes.
public protocol KeyedStreamReadModel: SendableMetatype {
    associatedtype Document: Codable & Sendable
    static var category: StreamCategory { get }
    static var eventTypes: [String] { get }
    /// The keyed rows `event` needs to see before it folds (the disbursement a reversal
    /// reverses, the one a new disbursement must not repeat); read once per page.
    static func lookups(_ event: ProjectableEvent) throws -> [RowKey]
    /// Folds `event` into `document` (nil before the stream's first event), writing the keyed
    /// rows the event changes; `rows` answers the keys `lookups` named and this fold's writes.
    static func evolve(_ document: inout Document?, _ event: ProjectableEvent, _ rows: inout KeyedRows) throws
    /// The stream's rows in the projection's replaced tables (its summary), from its document.
    static func rows(_ document: Document, streamID: String, into rows: inout ReadModelRows) throws
}
