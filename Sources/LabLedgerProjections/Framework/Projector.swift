import EventStore

/// Turns events into read-model rows. A projector is deterministic: the same events in the
/// same order always leave the same rows (no clock, no randomness, no reads of other
/// projections), which is what lets a rebuild replace the live tables and what the
/// incremental-equals-rebuild tests check.
public protocol Projector: Sendable {
    /// Names the projection's row in `projections`; lower-case letters, digits and `_`.
    var name: String { get }
    /// Bumped whenever the rows this projector writes for the same events change; a worker
    /// that finds the live tables built by another version rebuilds them.
    var version: Int { get }
    /// The read-model tables it writes, as created by the migrations and registered in
    /// `projection_tables` (a rebuild clones exactly these).
    var tables: [String] { get }
    /// The event types it reads; the worker's read skips every other type.
    var eventTypes: Set<String> { get }
    /// Applies `events` (gap-safe order, only `eventTypes`) inside the worker's transaction,
    /// which also moves the checkpoint. Throwing rolls the whole batch back. (A live page goes
    /// through `applyInOneStatement` first.)
    func apply(_ events: [RecordedEvent], in context: ProjectionContext) async throws
    /// Whether `applyInOneStatement` can write `events`: false for a batch it writes in several
    /// statements, which the worker then applies with `apply` in a transaction of its own.
    func appliesInOneStatement(_ events: [RecordedEvent], in context: ProjectionContext) -> Bool
    /// Applies `events` and moves the live checkpoint by `move` in one statement, which the
    /// worker sends outside any transaction; only called when `appliesInOneStatement` said so.
    func applyInOneStatement(_ events: [RecordedEvent], moving move: CheckpointMove, in context: ProjectionContext) async throws
    /// Column names it splices into SQL besides its tables (the key columns of keyed tables),
    /// checked like table names before a worker runs it.
    var columnNames: [String] { get }
    /// Whether `apply` may leave the rows it derives to `finishRebuild` when its context says
    /// so (`ProjectionContext.defersRows`, only ever for a rebuild's tables).
    var defersRebuildRows: Bool { get }
    /// Writes what a rebuild's pages left to its end, a part at a time, each part in its own
    /// transaction: the part after `cursor` ("" for the first), returning the cursor of the
    /// next, or nil when the rebuilt tables are complete. Run again from "" after an
    /// interruption, it leaves the same tables.
    func finishRebuild(after cursor: String, in context: ProjectionContext) async throws -> String?
}

extension Projector {
    public var columnNames: [String] { [] }
    public var defersRebuildRows: Bool { false }
    public func appliesInOneStatement(_ events: [RecordedEvent], in context: ProjectionContext) -> Bool { false }
    public func applyInOneStatement(_ events: [RecordedEvent], moving move: CheckpointMove, in context: ProjectionContext) async throws {
        throw OneStatementUnsupported(projection: name)
    }
    public func finishRebuild(after cursor: String, in context: ProjectionContext) async throws -> String? { nil }
}

/// `applyInOneStatement` was called on a projector whose `appliesInOneStatement` says no.
public struct OneStatementUnsupported: Error, CustomStringConvertible {
    public let projection: String
    public var description: String { "projection \(projection) cannot apply a page in one statement" }
}
