/// What the store asks of whoever protects parts of event payloads (LabLedger's person vault):
/// `seal` runs on every append before validation and hashing, so each event's hash, chain and
/// Merkle leaf cover the sealed bytes; `open` runs on every page read, and returns the events
/// with `data` as readers should see it (`storedData` stays what the hash covers).
///
/// Sealing must be deterministic for a given event id and content: a retried append has to
/// produce the very bytes the first one stored, or the idempotent replay would see a conflict.
public protocol PayloadProtection: Sendable {
    func seal(_ events: [EventData]) async throws -> [EventData]
    func open(_ events: [RecordedEvent]) async throws -> [RecordedEvent]
}
