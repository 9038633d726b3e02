import Foundation
import Logging
import PostgresNIO

/// The SQL of `person_kek` (schema/migrations/0027_person_kek_check.sql): the key-check value of
/// the KEK this database's person keys belong to. Bound parameters only.
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

    /// Records `checkValue` unless a value is recorded already, and answers the recorded one. Two
    /// processes starting at once agree: one insert wins, the other waits for its commit, inserts
    /// nothing, and its second statement (a fresh snapshot) reads the winner's value.
    func record(_ checkValue: Data, on connection: PostgresConnection) async throws -> Data {
        try await connection.query(
            "INSERT INTO person_kek (check_value) VALUES (\(checkValue)) ON CONFLICT (singleton) DO NOTHING", logger: logger)
        guard let recorded = try await recorded(on: connection) else {
            // The insert just made or met a row, and rows are never deleted (no DELETE grant).
            throw PersonVaultError.kekRecordMissing
        }
        return recorded
    }

    /// The recorded value, locked until the caller's transaction ends (a rotation replaces it).
    func recordedForUpdate(on connection: PostgresConnection) async throws -> Data? {
        let rows = try await connection.query("SELECT check_value FROM person_kek FOR UPDATE", logger: logger)
        for try await value in rows.decode(Data.self) { return value }
        return nil
    }

    /// Replaces the recorded value (a rotation, in its transaction).
    func replace(with checkValue: Data, on connection: PostgresConnection) async throws {
        try await connection.query("""
            INSERT INTO person_kek (check_value) VALUES (\(checkValue))
            ON CONFLICT (singleton) DO UPDATE SET check_value = EXCLUDED.check_value, recorded_at = now()
            """, logger: logger)
    }
}
