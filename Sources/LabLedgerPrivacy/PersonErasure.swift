import EventStore
import Foundation
import LabLedgerDomain
import Logging
import PostgresNIO

/// `labledger forget` and `POST /v1/admin/people/{id}/erasure`: in one transaction, destroy the
/// person's key, record `PersonErased` (no personal data: the pseudonymous id, the day and
/// the reason) and purge the person from every read model's people tables and documents.
public struct PersonErasure: Sendable {
    public static let eventType = "PersonErased"
    /// At most this many characters of reason; it is recorded for ever, so it names a request
    /// (a ticket, an article of law), never the person.
    public static let reasonLimit = 500

    let store: PostgresEventStore
    let vault: PersonVault
    let logger: Logger

    /// Runs in the erasure's transaction once the key is destroyed and the read models purged,
    /// before the commit; nil outside tests. It lets a test stand in for a seal in this process
    /// that remembers the key meanwhile, which no real interleaving produces on demand (see the
    /// eviction after the commit in `forgetOnce`).
    var beforeCommit: (@Sendable () async throws -> Void)?

    public init(store: PostgresEventStore, vault: PersonVault, logger: Logger) {
        self.store = store
        self.vault = vault
        self.logger = logger
    }

    private func purge(_ person: PersonID, on day: String, on connection: PostgresConnection) async throws {
        try await connection.query("SELECT erase_person_from_read_models(\(person.rawValue), \(day)::date)", logger: logger)
    }

    /// Today in UTC, the day an erasure is recorded on.
    public static func today() throws -> LocalDate {
        try LocalDate(daysSinceEpoch: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// The stream that records a person's erasure.
    public static func stream(of person: PersonID) -> String { "person-\(person.rawValue)" }

    /// What forgetting did.
    public struct Outcome: Sendable, Equatable {
        public var erasure: PersonKeyErasure
        /// Events written before sealing that still hold the person's details in plaintext:
        /// reads mask them, but their bytes stay in the events table (docs/domain.md).
        public var plaintextEvents: Int

        public init(erasure: PersonKeyErasure, plaintextEvents: Int) {
            self.erasure = erasure
            self.plaintextEvents = plaintextEvents
        }
    }

    /// Forgets `person`. Forgetting again changes nothing (the read models are purged again,
    /// which finds nothing) and answers the first day; a person with neither a key nor
    /// plaintext details is `.unknown`.
    ///
    /// The transaction first locks the read models' documents and people tables against
    /// projection writes (`erase_person_lock_read_models`, 0024): a page in flight commits
    /// before the key goes, so the purge sees and deletes its rows, and a later page waits for
    /// the commit and is refused by the people tables' CHECK, whether or not the person had a
    /// key row. Should the transaction still be chosen as a deadlock victim (40P01, against a
    /// rebuild's swap locking the same tables), it is run again, at most `deadlockRetries` times.
    public func forget(_ person: PersonID, reason: String, actor: String, today: LocalDate) async throws -> Outcome {
        var attempt = 0
        while true {
            do {
                return try await forgetOnce(person, reason: reason, actor: actor, today: today)
            } catch let error where Self.isDeadlock(error) && attempt < Self.deadlockRetries {
                attempt += 1
                logger.warning("forget \(person.rawValue): deadlock, trying again (\(attempt) of \(Self.deadlockRetries))")
            }
        }
    }

    static let deadlockRetries = 3

    static func isDeadlock(_ error: any Error) -> Bool {
        let server = (error as? PostgresTransactionError)?.underlying ?? error
        return (server as? PSQLError)?.serverInfo?[.sqlState] == "40P01"
    }

    private func forgetOnce(_ person: PersonID, reason: String, actor: String, today: LocalDate) async throws -> Outcome {
        let outcome = try await store.client.withTransaction(logger: logger) { connection -> Outcome in
            try await connection.query("SELECT erase_person_lock_read_models()", logger: logger)
            let plaintext = try await PlaintextHistory(logger: logger).events(of: person.rawValue, on: connection)
            let erasure = try await vault.erase(person.rawValue, on: today.rawValue, plaintextEvents: plaintext, on: connection)
            let day: String
            switch erasure {
            case .unknown: return Outcome(erasure: erasure, plaintextEvents: 0)
            case .erased(let on), .alreadyErased(let on): day = on
            }
            if case .erased = erasure {
                let body = try JSONSerialization.data(
                    withJSONObject: ["personId": person.rawValue, "erasedOn": day, "reason": reason], options: [.sortedKeys])
                try await store.append(
                    to: Self.stream(of: person), expected: .noStream,
                    [EventData(type: Self.eventType, data: body, metadata: EventMetadata(actor: actor))], on: connection)
            }
            try await purge(person, on: day, on: connection)
            try await beforeCommit?()
            return Outcome(erasure: erasure, plaintextEvents: plaintext)
        }
        store.notifySubscribers()
        // Once more after the commit: a seal in this process that ran while the erasure was
        // uncommitted may have remembered the key from its statement's snapshot after
        // `vault.erase` evicted it.
        vault.evict(person.rawValue)
        return outcome
    }
}
