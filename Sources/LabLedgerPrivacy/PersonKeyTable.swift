import Foundation
import Logging
import PostgresNIO

/// One row of `person_keys` (schema/migrations/0023_person_keys.sql).
struct PersonKeyRow: Sendable {
    var person: String
    /// nil once the key was destroyed.
    var wrapped: Data?
    var kekID: String?
    /// `YYYY-MM-DD`, set when the key was destroyed.
    var erasedOn: String?
    /// Written by the reading transaction itself, so not committed yet (it may roll back).
    var writtenHere = false
    /// `protection_epoch` (0035) in the snapshot the row was read in: a key read live at epoch
    /// E was not destroyed before the epoch moved past E.
    var epoch: Int64 = 0
}

/// What erasing a person's key did.
public enum PersonKeyErasure: Sendable, Equatable {
    case erased(on: String)
    /// Erased before: nothing changed.
    case alreadyErased(on: String)
    /// No key was ever made for this person id.
    case unknown
}

/// The SQL of `person_keys`; bound parameters only.
struct PersonKeyTable: Sendable {
    let logger: Logger

    func rows(for people: [String], on connection: PostgresConnection) async throws -> [String: PersonKeyRow] {
        let rows = try await connection.query("""
            SELECT person_id, wrapped_key, kek_id, erased_on::text, \(unescaped: Self.writtenHere), \(unescaped: Self.epoch)
            FROM person_keys WHERE person_id = ANY(\(people)::text[])
            """, logger: logger)
        return try await Self.collect(rows)
    }

    /// The erasure epoch, read in the same statement (so the same snapshot) as the rows.
    static let epoch = "(SELECT epoch FROM protection_epoch)"

    private static func collect(_ rows: PostgresRowSequence) async throws -> [String: PersonKeyRow] {
        var found: [String: PersonKeyRow] = [:]
        for try await (person, wrapped, kekID, erasedOn, mine, epoch) in rows.decode((String, Data?, String?, String?, Bool, Int64).self) {
            found[person] = PersonKeyRow(person: person, wrapped: wrapped, kekID: kekID, erasedOn: erasedOn, writtenHere: mine, epoch: epoch)
        }
        return found
    }

    /// Whether a row was written by this very transaction: its xmin is this transaction's id
    /// (none is assigned before the transaction's first write, and then no row is its own).
    static let writtenHere = "coalesce(xmin = pg_current_xact_id_if_assigned()::xid, false)"

    /// The rows of `people`, after inserting the offered keys of those who have none, in one
    /// round trip: the inserted rows, and the existing ones as the statement's snapshot shows
    /// them. A row a concurrent writer committed after that snapshot is in neither; the caller
    /// reads it.
    func rowsInserting(
        _ keys: [(person: String, wrapped: Data)], reading people: [String], kekID: String, on connection: PostgresConnection
    ) async throws -> [String: PersonKeyRow] {
        let rows = try await connection.query("""
            WITH made AS (
                INSERT INTO person_keys (person_id, wrapped_key, kek_id)
                SELECT p, w, \(kekID) FROM unnest(\(keys.map(\.person))::text[], \(keys.map { ByteBuffer(bytes: $0.wrapped) })::bytea[]) AS k(p, w)
                ON CONFLICT (person_id) DO NOTHING
                RETURNING person_id, wrapped_key, kek_id, erased_on::text, true, \(unescaped: Self.epoch))
            SELECT * FROM made
            UNION ALL
            SELECT person_id, wrapped_key, kek_id, erased_on::text, \(unescaped: Self.writtenHere), \(unescaped: Self.epoch)
            FROM person_keys WHERE person_id = ANY(\(people)::text[])
            """, logger: logger)
        return try await Self.collect(rows)
    }

    /// Destroys the person's key; the row stays, saying when.
    func erase(_ person: String, on day: String, on connection: PostgresConnection) async throws -> PersonKeyErasure {
        let rows = try await connection.query("""
            UPDATE person_keys SET wrapped_key = NULL, kek_id = NULL, erased_on = \(day)::date, erased_at = now()
            WHERE person_id = \(person) AND erased_on IS NULL
            RETURNING erased_on::text
            """, logger: logger)
        for try await erased in rows.decode(String.self) { return .erased(on: erased) }
        let existing = try await self.rows(for: [person], on: connection)[person]
        guard let existing else { return .unknown }
        return .alreadyErased(on: existing.erasedOn ?? day)
    }

    /// Records a person who never had a key as erased (their details are only in plaintext events).
    func tombstone(_ person: String, on day: String, on connection: PostgresConnection) async throws -> PersonKeyErasure {
        let rows = try await connection.query("""
            INSERT INTO person_keys (person_id, erased_on, erased_at) VALUES (\(person), \(day)::date, now())
            ON CONFLICT (person_id) DO NOTHING
            RETURNING erased_on::text
            """, logger: logger)
        for try await erased in rows.decode(String.self) { return .erased(on: erased) }
        return try await erase(person, on: day, on: connection)
    }

    /// How many live keys each KEK wraps.
    func keysByKEK(on connection: PostgresConnection) async throws -> [String: Int] {
        let rows = try await connection.query("""
            SELECT kek_id, count(*)::bigint FROM person_keys WHERE wrapped_key IS NOT NULL GROUP BY kek_id
            """, logger: logger)
        var counts: [String: Int] = [:]
        for try await (kek, count) in rows.decode((String, Int64).self) { counts[kek] = Int(count) }
        return counts
    }

    /// One live key wrapped by `kekID`, to prove a KEK opens what it claims to.
    func sample(wrappedBy kekID: String, on connection: PostgresConnection) async throws -> PersonKeyRow? {
        let rows = try await connection.query("""
            SELECT person_id, wrapped_key FROM person_keys WHERE kek_id = \(kekID) AND wrapped_key IS NOT NULL LIMIT 1
            """, logger: logger)
        for try await (person, wrapped) in rows.decode((String, Data).self) {
            return PersonKeyRow(person: person, wrapped: wrapped, kekID: kekID)
        }
        return nil
    }

    /// Every live key, locked until the caller's transaction ends (rotation rewraps them).
    func liveKeysForUpdate(on connection: PostgresConnection) async throws -> [PersonKeyRow] {
        let rows = try await connection.query("""
            SELECT person_id, wrapped_key, kek_id FROM person_keys WHERE wrapped_key IS NOT NULL ORDER BY person_id FOR UPDATE
            """, logger: logger)
        var found: [PersonKeyRow] = []
        for try await (person, wrapped, kekID) in rows.decode((String, Data, String).self) {
            found.append(PersonKeyRow(person: person, wrapped: wrapped, kekID: kekID))
        }
        return found
    }

    func rewrap(_ keys: [(person: String, wrapped: Data)], kekID: String, on connection: PostgresConnection) async throws {
        try await connection.query("""
            UPDATE person_keys t SET wrapped_key = k.w, kek_id = \(kekID)
            FROM unnest(\(keys.map(\.person))::text[], \(keys.map { ByteBuffer(bytes: $0.wrapped) })::bytea[]) AS k(p, w)
            WHERE t.person_id = k.p AND t.wrapped_key IS NOT NULL
            """, logger: logger)
    }
}
