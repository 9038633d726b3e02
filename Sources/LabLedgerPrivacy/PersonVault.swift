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
    /// erased at once. What an erasure in another process does to it: see `SealingKeys`.
    private let keyMemory = SealingKeys()

    /// No client of its own: the vault works only on connections the store hands it (see
    /// `PayloadProtection`), so it never holds a second connection beside the caller's.
    public init(kek: KeyEncryptionKey, logger: Logger) {
        self.kek = kek
        table = PersonKeyTable(logger: logger)
        accessLog = PersonalDataAccessLog(logger: logger)
    }

    /// Seals with keys this process has seen committed, and with keys made here for people it
    /// has not met (stored by the append's own statement, with the events: one round trip).
    /// The append stores them only while no key was destroyed since the remembered ones were
    /// read (the epoch). Nil before this process has read the epoch (its first sealing, and the
    /// first after one moved): the append then seals on its connection, in its transaction.
    public func sealWithoutDatabase(_ events: [EventData]) throws -> SealedFromMemory? {
        let parts = try personalParts(of: events)
        guard !parts.isEmpty else { return SealedFromMemory(events: events, epoch: nil) }
        let people = Set(parts.map(\.person))
        guard let remembered = keyMemory.remembered(among: people) else { return nil }
        var keys = remembered.keys
        // Someone this process has not met may have a key already (stored by another process,
        // or erased): the statement then fails on person_keys' key and stores nothing, and the
        // append seals in a transaction that reads theirs.
        let made = try people.subtracting(keys.keys).sorted().map { person in
            let key = SymmetricKey(size: .bits256)
            return (person: person, key: key.withUnsafeBytes { Data($0) }, wrapped: try PersonKeyWrap.wrap(key, for: person, with: kek))
        }
        for new in made { keys[new.person] = new.key }
        let sealed = try Self.sealed(events, parts: parts, keys: keys)
        guard !made.isEmpty else { return SealedFromMemory(events: sealed, epoch: remembered.epoch) }
        let fresh = Dictionary(uniqueKeysWithValues: made.map { ($0.person, $0.key) })
        let epoch = remembered.epoch
        return SealedFromMemory(
            events: sealed, epoch: epoch,
            newKeys: .init(owners: made.map(\.person), wrapped: made.map(\.wrapped), kekID: kek.id)
        ) { [weak self] in self?.keyMemory.remember(fresh, readAt: epoch) }
    }

    /// The epoch moved under an append sealed from memory: some remembered key may be destroyed.
    public func forgetRemembered() {
        keyMemory.clear()
    }

    /// Seals on the appending transaction's connection: keys are looked up there, and a person
    /// who has none gets one inserted there, so it commits with the events or not at all. Keys
    /// made or first seen uncommitted in this transaction are remembered only by `committed()`.
    public func seal(_ events: [EventData], on connection: PostgresConnection) async throws -> Sealing {
        let parts = try personalParts(of: events)
        guard !parts.isEmpty else { return Sealing(events: events) }
        let (keys, pending) = try await sealingKeys(for: Set(parts.map(\.person)), on: connection)
        let sealed = try Self.sealed(events, parts: parts, keys: keys)
        return Sealing(events: sealed) { [weak self] in self?.keyMemory.remember(pending.keys, readAt: pending.epoch) }
    }

    /// One payload's personal part, found in its bytes or, where only Foundation reads them
    /// exactly, in the parsed object.
    private enum Part {
        case bytes(JSONMembers)
        case object([String: Any])
    }

    private func personalParts(of events: [EventData]) throws -> [(index: Int, part: Part, person: String)] {
        var parts: [(index: Int, part: Part, person: String)] = []
        for (index, event) in events.enumerated() where PersonalDataEvents.personField[event.type] != nil {
            switch PersonPartBytes.find(in: event.data, type: event.type) {
            case .absent: continue
            case .part(let members, let person): parts.append((index, .bytes(members), person))
            case .needsFoundation:
                guard let object = try JSONSerialization.jsonObject(with: event.data) as? [String: Any] else { continue }
                if let person = try PersonEnvelope.owner(of: object, type: event.type) { parts.append((index, .object(object), person)) }
            }
        }
        return parts
    }

    private static func sealed(
        _ events: [EventData], parts: [(index: Int, part: Part, person: String)], keys: [String: Data]
    ) throws -> [EventData] {
        var sealed = events
        // Keyed once per person: a batch often names one person many times.
        var ready: [String: PersonSealKey] = [:]
        for part in parts {
            let key: PersonSealKey
            if let known = ready[part.person] {
                key = known
            } else {
                guard let data = keys[part.person] else { throw PersonVaultError.corruptKey(person: part.person) }
                key = PersonSealKey(SymmetricKey(data: data))
                ready[part.person] = key
            }
            let (id, type) = (events[part.index].id, events[part.index].type)
            switch part.part {
            case .bytes(let members):
                sealed[part.index].data = try PersonPartBytes.seal(members, person: part.person, eventID: id, type: type, key: key)
            case .object(let object):
                let object = try PersonEnvelope.seal(object, person: part.person, eventID: id, type: type, key: key)
                sealed[part.index].data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            }
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
        keyMemory.evict(person)
        return outcome
    }

    /// Forgets this process's remembered sealing key of `person`, if any.
    func evict(_ person: String) {
        keyMemory.evict(person)
    }

    /// This process's remembered sealing keys of `people` (internal: the erasure tests read them too).
    func rememberedKeys(of people: Set<String>) -> [String: Data] {
        keyMemory.known(among: people)
    }

    /// The epoch this process's remembered keys were read at (internal, for the erasure tests).
    var rememberedEpoch: Int64? { keyMemory.epoch }

    /// A row wrapped by another KEK was rotated while this process ran with the old one: say so.
    private func unwrap(_ wrapped: Data, of row: PersonKeyRow) throws -> SymmetricKey {
        if let other = row.kekID, other != kek.id { throw rotated(to: other) }
        return try PersonKeyWrap.unwrap(wrapped, for: row.person, with: kek)
    }

    private func rotated(to other: String) -> PersonVaultError {
        .kekWrong(setting: "this process's KEK (the keys were rotated; restart it with the new one)", given: kek.id, stored: [other])
    }

    /// The people's keys, made and stored (in the caller's transaction) for those who have
    /// none, and which of them may be remembered once that transaction commits (with the epoch
    /// they were read at). An erased person gets no new key: their erasure stands, and new
    /// details about them are refused. Every person's row is read here, the remembered ones'
    /// too: this transaction's insert checks no epoch, so a remembered key of someone another
    /// process erased must not seal here unread.
    private func sealingKeys(
        for people: Set<String>, on connection: PostgresConnection
    ) async throws -> (keys: [String: Data], pending: (keys: [String: Data], epoch: Int64)) {
        var keys: [String: Data] = [:]
        let missing = people.subtracting(keyMemory.known(among: people).keys)
        // A fresh key is offered for each: wrapping costs microseconds, a second round trip more.
        let offered = try missing.sorted().map { person in
            (person: person, wrapped: try PersonKeyWrap.wrap(SymmetricKey(size: .bits256), for: person, with: kek))
        }
        var found: [String: PersonKeyRow]
        do {
            found = try await table.rowsInserting(offered, reading: people.sorted(), kekID: kek.id, on: connection)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == KEKRecord.keyOfOtherKEK {
            // The database records another KEK (a rotation committed while this process ran
            // with the old one): its guard refused our key, which would open for no one else.
            throw rotated(to: error.serverInfo?[.detail] ?? "another KEK")
        }
        let late = people.filter { found[$0] == nil }
        // Committed by a concurrent append after this statement's snapshot (the insert waited
        // for it and found the key taken): theirs is the key.
        if !late.isEmpty { found.merge(try await table.rows(for: Array(late), on: connection)) { $1 } }
        var committed: [String: Data] = [:]
        var pending: [String: Data] = [:]
        // The oldest snapshot's epoch: an erasure after any of these reads moved it past this.
        let epoch = found.values.map(\.epoch).min() ?? 0
        // Moved since the remembered keys were read: they go now, the erased one's among them.
        keyMemory.observe(epoch)
        for person in people {
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
        keyMemory.remember(committed, readAt: epoch)
        return (keys, (pending, epoch))
    }

    /// Internal, not private: the erasure tests stand in for a racing seal with it.
    func remember(_ fresh: [String: Data], readAt epoch: Int64) {
        keyMemory.remember(fresh, readAt: epoch)
    }
}
