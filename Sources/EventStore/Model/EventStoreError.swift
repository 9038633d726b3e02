import Foundation

/// Every way the store refuses a request. Nothing is written when one is thrown.
public enum EventStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stream is not at the version the appender expected.
    case wrongExpectedVersion(stream: String, expected: ExpectedVersion, actual: Int)
    /// Some of the event ids are already stored with other content (or in another stream,
    /// or mixed with new ids): a retry must resend exactly what it sent the first time.
    case idempotencyConflict(stream: String, eventIDs: [UUID])
    case emptyAppend(stream: String)
    case tooManyEvents(count: Int, limit: Int)
    case invalidStreamID(String, reason: String)
    case invalidEventType(String, reason: String)
    case invalidSchemaVersion(eventID: UUID, version: Int)
    case duplicateEventID(UUID)
    case payloadTooLarge(eventID: UUID, bytes: Int, limit: Int)
    case payloadNotJSONObject(eventID: UUID, field: String)
    /// The database refused the payload (for example a `\u0000` escape, which jsonb cannot hold).
    case payloadRejected(eventID: UUID?, message: String)
    case occurredAtOutOfRange(eventID: UUID)
    case invalidReadLimit(Int)
    case invalidVersion(Int)
    /// Inside a caller's transaction, a concurrent append took the version this one chose; the
    /// transaction is aborted and must be retried whole.
    case concurrentAppend(stream: String)
    /// Concurrent `.any` appends to one stream kept winning the race for too long.
    case contentionLimitReached(stream: String, attempts: Int)

    public var description: String {
        switch self {
        case let .wrongExpectedVersion(stream, expected, actual):
            return "stream '\(stream)' is at version \(actual), the append expected \(expected)"
        case let .idempotencyConflict(stream, ids):
            return "event ids \(ids.map(\.uuidString).joined(separator: ", ")) are already stored with other content than this append to '\(stream)' sends"
        case let .emptyAppend(stream):
            return "an append to '\(stream)' needs at least one event"
        case let .tooManyEvents(count, limit):
            return "an append holds at most \(limit) events, this one has \(count)"
        case let .invalidStreamID(id, reason):
            return "stream id '\(id.prefix(80))' is invalid: \(reason)"
        case let .invalidEventType(type, reason):
            return "event type '\(type.prefix(80))' is invalid: \(reason)"
        case let .invalidSchemaVersion(id, version):
            return "event \(id.uuidString) has schema version \(version), it must be 1 or more"
        case let .duplicateEventID(id):
            return "event id \(id.uuidString) appears twice in one append"
        case let .payloadTooLarge(id, bytes, limit):
            return "event \(id.uuidString) has \(bytes) bytes of data, the limit is \(limit)"
        case let .payloadNotJSONObject(id, field):
            return "event \(id.uuidString): \(field) must be a JSON object in UTF-8"
        case let .payloadRejected(id, message):
            return "event \(id?.uuidString ?? "?"): the database refused the payload: \(message)"
        case let .occurredAtOutOfRange(id):
            return "event \(id.uuidString): occurredAt must lie between 1900-01-01 and 2200-01-01"
        case let .invalidReadLimit(limit):
            return "a read limit must be between 1 and \(EventStoreLimits.maxReadLimit), not \(limit)"
        case let .invalidVersion(version):
            return "stream version \(version) is invalid, versions start at 0"
        case let .concurrentAppend(stream):
            return "a concurrent append to '\(stream)' committed first; retry the transaction"
        case let .contentionLimitReached(stream, attempts):
            return "gave up appending to '\(stream)' after \(attempts) attempts lost to concurrent appends"
        }
    }
}
