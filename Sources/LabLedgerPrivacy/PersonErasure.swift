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
    public func forget(_ person: PersonID, reason: String, actor: String, today: LocalDate) async throws -> Outcome {
        let outcome = try await store.client.withTransaction(logger: logger) { connection -> Outcome in
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
            return Outcome(erasure: erasure, plaintextEvents: plaintext)
        }
        store.notifySubscribers()
        // Once more after the commit: a projection page that committed a row of this person
        // while the erasure was not yet visible to it (a stream it had no row in before) is
        // cleaned now; pages after the commit are refused by the people tables' CHECK.
        if case .erased(let day) = outcome.erasure {
            try await store.client.withConnection { try await purge(person, on: day, on: $0) }
        }
        return outcome
    }
}
