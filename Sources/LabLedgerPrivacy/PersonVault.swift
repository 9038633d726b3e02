import Crypto
import EventStore
import Foundation
import LabLedgerDomain
import Logging
import PostgresNIO
import Synchronization

/// Seals every event's personal part with its person's own key at append, and opens it at
/// read (docs/domain.md, "Personal data"). The store calls it on every append and page read.
public final class PersonVault: PayloadProtection {
    let kek: KeyEncryptionKey
    let table: PersonKeyTable
    let accessLog: PersonalDataAccessLog
    /// Data keys this process has seen committed, to seal without the database. Only appends
    /// use it: reads look the keys up each time, so a person erased by any process reads as
    /// erased at once. A key cached here after another process erased its row still seals new
    /// details of that person, which no one can open any more (the wrapped key is gone), so
    /// this is erasure too, but the append is not refused as it is where the erasure ran.
    private let sealingKeys = Mutex<[String: Data]>([:])
    static let cachedKeyLimit = 10_000

    /// No client of its own: the vault works only on connections the store hands it (see
    /// `PayloadProtection`), so it never holds a second connection beside the caller's.
    public init(kek: KeyEncryptionKey, logger: Logger) {
        self.kek = kek
        table = PersonKeyTable(logger: logger)
        accessLog = PersonalDataAccessLog(logger: logger)
    }

    /// Seals with keys this process has seen committed; nil when a person's key is not among
    /// them (the append then seals on its connection, in its transaction).
    public func sealWithoutDatabase(_ events: [EventData]) throws -> [EventData]? {
        let parts = try personalParts(of: events)
        guard !parts.isEmpty else { return events }
        let people = Set(parts.map(\.person))
        let keys = rememberedKeys(of: people)
        guard keys.count == people.count else { return nil }
        return try Self.sealed(events, parts: parts, keys: keys)
    }

    /// Seals on the appending transaction's connection: keys are looked up there, and a person
    /// who has none gets one inserted there, so it commits with the events or not at all. Keys
    /// made or first seen uncommitted in this transaction are remembered only by `committed()`.
    public func seal(_ events: [EventData], on connection: PostgresConnection) async throws -> Sealing {
        let parts = try personalParts(of: events)
        guard !parts.isEmpty else { return Sealing(events: events) }
        let (keys, pending) = try await sealingKeys(for: Set(parts.map(\.person)), on: connection)
        let sealed = try Self.sealed(events, parts: parts, keys: keys)
        return Sealing(events: sealed) { [weak self] in self?.remember(pending) }
    }

    private func personalParts(of events: [EventData]) throws -> [(index: Int, object: [String: Any], person: String)] {
        var parts: [(index: Int, object: [String: Any], person: String)] = []
        for (index, event) in events.enumerated() where PersonalDataEvents.personField[event.type] != nil {
            guard let object = try JSONSerialization.jsonObject(with: event.data) as? [String: Any] else { continue }
            if let person = try PersonEnvelope.owner(of: object, type: event.type) { parts.append((index, object, person)) }
        }
        return parts
    }

    private static func sealed(
        _ events: [EventData], parts: [(index: Int, object: [String: Any], person: String)], keys: [String: Data]
    ) throws -> [EventData] {
        var sealed = events
        for part in parts {
            guard let key = keys[part.person] else { throw PersonVaultError.corruptKey(person: part.person) }
            let object = try PersonEnvelope.seal(
                part.object, person: part.person, eventID: events[part.index].id, type: events[part.index].type, key: SymmetricKey(data: key))
            sealed[part.index].data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        }
        return sealed
    }

    public func open(_ events: [RecordedEvent], on connection: PostgresConnection) async throws -> [RecordedEvent] {
        var parts: [(index: Int, object: [String: Any], person: String)] = []
        // Parts written in plaintext before sealing: masked once their person is erased.
        var plaintext: [(index: Int, object: [String: Any], person: String)] = []
        for (index, event) in events.enumerated() {
            if let found = PersonEnvelope.sealedPerson(in: event.storedData) {
                parts.append((index, found.object, found.person))
            } else if let found = PersonEnvelope.plaintextPerson(in: event.storedData, type: event.type) {
                plaintext.append((index, found.object, found.person))
            }
        }
        guard !parts.isEmpty || !plaintext.isEmpty else { return events }
        let people = Array(Set(parts.map(\.person) + plaintext.map(\.person)))
        let rows = try await table.rows(for: people, on: connection)
        var access: [String: PersonEnvelope.KeyAccess] = [:]
        for (person, row) in rows {
            if let wrapped = row.wrapped {
                access[person] = .key(try unwrap(wrapped, of: row))
            } else if let day = row.erasedOn {
                access[person] = .erased(on: day)
            }
        }
        var opened = events
        for part in parts {
            guard let personAccess = access[part.person] else { throw PersonVaultError.unopenable(person: part.person) }
            opened[part.index].data = try PersonEnvelope.open(
                part.object, person: part.person, eventID: events[part.index].eventID, with: personAccess)
        }
        var shown = Set<String>()
        for part in parts where rows[part.person]?.wrapped != nil { shown.insert(part.person) }
        for part in plaintext {
            if let day = rows[part.person]?.erasedOn {
                opened[part.index].data = try PersonEnvelope.masked(part.object, erasedOn: day)
            } else {
                shown.insert(part.person)
            }
        }
        if PersonalDataReader.current != nil, !shown.isEmpty {
            try await accessLog.record(shown, on: connection)
        }
        return opened
    }

    /// Destroys the person's key. Every sealed part of theirs reads as erased from now on.
    /// A person with no key but details in plaintext events (`plaintextEvents` > 0) gets an
    /// erased row instead: their plaintext reads as erased, and no key is ever made for them.
    public func erase(
        _ person: String, on day: String, plaintextEvents: Int = 0, on connection: PostgresConnection
    ) async throws -> PersonKeyErasure {
        var outcome = try await table.erase(person, on: day, on: connection)
        if outcome == .unknown, plaintextEvents > 0 { outcome = try await table.tombstone(person, on: day, on: connection) }
        _ = sealingKeys.withLock { $0.removeValue(forKey: person) }
        return outcome
    }

    /// Forgets this process's remembered sealing key of `person`, if any.
    func evict(_ person: String) {
        _ = sealingKeys.withLock { $0.removeValue(forKey: person) }
    }

    /// This process's remembered sealing keys of `people` (internal: the erasure test reads them too).
    func rememberedKeys(of people: Set<String>) -> [String: Data] {
        sealingKeys.withLock { cached in cached.filter { people.contains($0.key) } }
    }

    /// A row wrapped by another KEK was rotated while this process ran with the old one: say so.
    private func unwrap(_ wrapped: Data, of row: PersonKeyRow) throws -> SymmetricKey {
        if let other = row.kekID, other != kek.id { throw rotated(to: other) }
        return try PersonKeyWrap.unwrap(wrapped, for: row.person, with: kek)
    }

    private func rotated(to other: String) -> PersonVaultError {
        .kekWrong(setting: "this process's KEK (the keys were rotated; restart it with the new one)", given: kek.id, stored: [other])
    }

    /// The people's keys, made and stored (in the caller's transaction) for those who have
    /// none, and which of them may be remembered once that transaction commits. An erased
    /// person gets no new key: their erasure stands, and new details about them are refused.
    private func sealingKeys(
        for people: Set<String>, on connection: PostgresConnection
    ) async throws -> (keys: [String: Data], pending: [String: Data]) {
        var keys = sealingKeys.withLock { cached in cached.filter { people.contains($0.key) } }
        let missing = people.subtracting(keys.keys)
        guard !missing.isEmpty else { return (keys, [:]) }
        // A fresh key is offered for each: wrapping costs microseconds, a second round trip more.
        let offered = try missing.sorted().map { person in
            (person: person, wrapped: try PersonKeyWrap.wrap(SymmetricKey(size: .bits256), for: person, with: kek))
        }
        var found: [String: PersonKeyRow]
        do {
            found = try await table.rowsInserting(offered, kekID: kek.id, on: connection)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == KEKRecord.keyOfOtherKEK {
            // The database records another KEK (a rotation committed while this process ran
            // with the old one): its guard refused our key, which would open for no one else.
            throw rotated(to: error.serverInfo?[.detail] ?? "another KEK")
        }
        let late = missing.filter { found[$0] == nil }
        // Committed by a concurrent append after this statement's snapshot (the insert waited
        // for it and found the key taken): theirs is the key.
        if !late.isEmpty { found.merge(try await table.rows(for: Array(late), on: connection)) { $1 } }
        var committed: [String: Data] = [:]
        var pending: [String: Data] = [:]
        for person in missing {
            guard let row = found[person] else { throw PersonVaultError.corruptKey(person: person) }
            guard let wrapped = row.wrapped else {
                throw EventStoreError.payloadRejected(
                    eventID: nil, message: "Person \(person) was erased on \(row.erasedOn ?? "an earlier day"); their details are not recorded again.")
            }
            let key = try unwrap(wrapped, of: row).withUnsafeBytes { Data($0) }
            keys[person] = key
            // A key this transaction wrote may yet roll back with it: remembered only after
            // the commit, or a later append could seal with a key that was never stored.
            if row.writtenHere { pending[person] = key } else { committed[person] = key }
        }
        remember(committed)
        return (keys, pending)
    }

    /// Internal, not private: the erasure test stands in for a racing seal with it.
    func remember(_ fresh: [String: Data]) {
        guard !fresh.isEmpty else { return }
        sealingKeys.withLock { cached in
            // Past the limit, start over rather than track recency: a miss costs one round trip.
            if cached.count + fresh.count > Self.cachedKeyLimit { cached = [:] }
            cached.merge(fresh) { $1 }
        }
    }
}
