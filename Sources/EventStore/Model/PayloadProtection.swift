import PostgresNIO

/// What the store asks of whoever protects parts of event payloads (LabLedger's person vault):
/// sealing runs on every append before validation and hashing, so each event's hash, chain and
/// Merkle leaf cover the sealed bytes; `open` runs on every page read, and returns the events
/// with `data` as readers should see it (`storedData` stays what the hash covers).
///
/// Sealing must be deterministic for a given event id and content: a retried append has to
/// produce the very bytes the first one stored, or the idempotent replay would see a conflict.
///
/// Every call that needs the database is given the connection the store is already using, and
/// never takes one of its own from the pool: a protection that did would hold two connections
/// per append or read, and with every connection of the pool held by a caller waiting for a
/// second one, the pool would deadlock.
public protocol PayloadProtection: Sendable {
    /// The events sealed from what the protection holds in memory (keys it has seen
    /// committed), or nil when sealing them needs the database (a key to make or look up).
    func sealWithoutDatabase(_ events: [EventData]) throws -> [EventData]?

    /// The events sealed on `connection`, inside the transaction that appends them: whatever
    /// sealing writes (a new person's key) commits or rolls back with the events, so no event
    /// is ever stored sealed with a key that was not. Call `Sealing.committed()` once that
    /// transaction has committed (and only then), to let later appends reuse what it made.
    func seal(_ events: [EventData], on connection: PostgresConnection) async throws -> Sealing

    /// The events as readers see them, opened on `connection` (the one the page was read on).
    func open(_ events: [RecordedEvent], on connection: PostgresConnection) async throws -> [RecordedEvent]
}

/// Events sealed inside an appending transaction.
public struct Sealing: Sendable {
    public var events: [EventData]
    /// Remembers what the sealing made, for later appends; only after the commit.
    public var committed: @Sendable () -> Void

    public init(events: [EventData], committed: @escaping @Sendable () -> Void = {}) {
        self.events = events
        self.committed = committed
    }
}
