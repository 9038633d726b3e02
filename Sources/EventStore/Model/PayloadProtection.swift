import Foundation
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
    /// The events sealed from what the protection holds in memory (keys it has seen committed,
    /// and keys it made for people it has not met), or nil when sealing them needs the database.
    func sealWithoutDatabase(_ events: [EventData]) throws -> SealedFromMemory?

    /// Called when an append sealed from memory stored nothing and its epoch may have moved:
    /// what the protection remembers may no longer be in the database, and is dropped.
    func forgetRemembered()

    /// The events sealed on `connection`, inside the transaction that appends them: whatever
    /// sealing writes (a new person's key) commits or rolls back with the events, so no event
    /// is ever stored sealed with a key that was not. Call `Sealing.committed()` once that
    /// transaction has committed (and only then), to let later appends reuse what it made.
    func seal(_ events: [EventData], on connection: PostgresConnection) async throws -> Sealing

    /// The events as readers see them, opened on `connection` (the one the page was read on).
    func open(_ events: [RecordedEvent], on connection: PostgresConnection) async throws -> [RecordedEvent]
}

/// Events sealed from what a protection holds in memory, and what the append's one statement
/// must check and write with them.
public struct SealedFromMemory: Sendable {
    public var events: [EventData]
    /// `protection_epoch` (schema/migrations/0035) when the remembered keys were read: the
    /// statement stores the events only while it is unchanged (no key destroyed since). nil
    /// when nothing in the events was sealed.
    public var epoch: Int64?
    /// Keys made for this append, for people the protection has not met: inserted into
    /// `person_keys` by the same statement as the events, so both are stored or neither. The
    /// store knows this much of its protection's tables, to keep a first sealing one round trip.
    public var newKeys: NewKeys?
    /// Called once the statement has stored the events (and so their new keys).
    public var stored: @Sendable () -> Void

    public init(events: [EventData], epoch: Int64?, newKeys: NewKeys? = nil, stored: @escaping @Sendable () -> Void = {}) {
        self.events = events
        self.epoch = epoch
        self.newKeys = newKeys
        self.stored = stored
    }

    /// Each owner's key wrapped by the KEK `kekID` names; `person_keys`' rows, as bound values.
    public struct NewKeys: Sendable {
        public var owners: [String]
        public var wrapped: [Data]
        public var kekID: String

        public init(owners: [String], wrapped: [Data], kekID: String) {
            self.owners = owners
            self.wrapped = wrapped
            self.kekID = kekID
        }
    }
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
