import Foundation
import Logging
import PostgresNIO

/// The SQL of `person_kek` (schema/migrations/0027_person_kek_check.sql, and 0028 for its KEK id
/// and the functions that write it): the key-check value and id of the KEK this database's
/// person keys belong to. Bound parameters only.
struct KEKRecord: Sendable {
    let logger: Logger

    /// What the database says about its KEK, read without writing anything, also from a database
    /// not yet migrated (a table that does not exist yet records nothing).
    struct State: Sendable, Equatable {
        /// Live person keys per KEK id.
        var keysByKEK: [String: Int]
        /// The recorded key-check value; nil when none is (or the table does not exist yet).
        var checkValue: Data?
    }

    func state(on connection: PostgresConnection) async throws -> State {
        let tables = try await connection.query(
            "SELECT to_regclass('person_keys') IS NOT NULL, to_regclass('person_kek') IS NOT NULL", logger: logger)
        var hasKeys = false, hasRecord = false
        for try await (keys, record) in tables.decode((Bool, Bool).self) { (hasKeys, hasRecord) = (keys, record) }
        var state = State(keysByKEK: [:], checkValue: nil)
        if hasKeys { state.keysByKEK = try await PersonKeyTable(logger: logger).keysByKEK(on: connection) }
        if hasRecord { state.checkValue = try await recorded(on: connection) }
        return state
    }

    func recorded(on connection: PostgresConnection) async throws -> Data? {
        let rows = try await connection.query("SELECT check_value FROM person_kek", logger: logger)
        for try await value in rows.decode(Data.self) { return value }
        return nil
    }

    /// Records the KEK unless one is recorded already, and answers the recorded key-check value
    /// (schema/migrations/0028_person_kek_guard.sql, `person_kek_establish`). Two processes
    /// starting at once agree: one insert wins, the other waits for its commit and reads the
    /// winner's value. The read waits for a rotation in progress and answers its new value, so a
    /// start with the old KEK meanwhile is refused. A record made before 0028 gets its KEK id here.
    func record(_ kek: KeyEncryptionKey, on connection: PostgresConnection) async throws -> Data {
        let rows = try await connection.query("SELECT person_kek_establish(\(kek.checkValue), \(kek.id))", logger: logger)
        for try await recorded in rows.decode(Data?.self) {
            if let recorded { return recorded }
        }
        // The function inserted or met a row, and rows are never deleted (no DELETE grant).
        throw PersonVaultError.kekRecordMissing
    }

    /// Replaces the recorded KEK by `new` (a rotation, in its transaction, before it re-wraps
    /// the keys: from then on person_keys admits keys of `new` only). Refused, with nothing
    /// changed, when the database records neither `old` nor `new`.
    func replace(_ old: KeyEncryptionKey, with new: KeyEncryptionKey, on connection: PostgresConnection) async throws {
        do {
            let rows = try await connection.query(
                "SELECT person_kek_replace(\(old.checkValue), \(new.checkValue), \(new.id))", logger: logger)
            // Drained here: the function's refusal arrives with its row, after query() returned.
            for try await _ in rows {}
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == Self.otherKEKRecorded {
            throw PersonVaultError.kekNotRecorded(setting: "the old KEK", given: old.id)
        }
    }

    /// SQLSTATEs raised by 0028: a key of a KEK other than the recorded one (its DETAIL is the
    /// recorded KEK's id), and a rotation from a KEK the database does not record.
    static let keyOfOtherKEK = "LLK01"
    static let otherKEKRecorded = "LLK02"
}
