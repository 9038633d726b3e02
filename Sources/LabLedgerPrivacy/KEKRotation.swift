import Foundation
import Logging
import PostgresNIO

/// Re-wraps every live person key from one KEK to another, in one transaction. Events are not
/// touched: they are sealed with the data keys, which stay the same.
public enum KEKRotation {
    /// The number of keys re-wrapped. Keys already wrapped by `new` (a rotation repeated) are
    /// left as they are; a key wrapped by neither is refused and nothing changes. The recorded
    /// key-check value (`person_kek`) becomes `new`'s in the same transaction, so a process
    /// started with the old KEK after the commit is refused, and none is before it.
    public static func rotate(
        from old: KeyEncryptionKey, to new: KeyEncryptionKey, on connection: PostgresConnection, logger: Logger
    ) async throws -> Int {
        let table = PersonKeyTable(logger: logger)
        try await connection.query("BEGIN", logger: logger)
        do {
            // First, so that no key arrives wrapped by the old KEK meanwhile: a sealing
            // transaction that inserted a key commits before the rotation reads the keys (and
            // its key is re-wrapped), and one that inserts after this waits for the commit and
            // finds the rotated rows (a process still on the old KEK then says so).
            try await connection.query("SELECT person_keys_lock_for_rotation()", logger: logger)
            let record = KEKRecord(logger: logger)
            // Locked too: a second rotation from the same old KEK, begun meanwhile, finds the new
            // value after this commits and is refused, also when no person key exists.
            if let recorded = try await record.recordedForUpdate(on: connection), recorded != old.checkValue, recorded != new.checkValue {
                throw PersonVaultError.kekNotRecorded(setting: "the old KEK", given: old.id)
            }
            let live = try await table.liveKeysForUpdate(on: connection)
            var rewrapped: [(person: String, wrapped: Data)] = []
            for row in live where row.kekID != new.id {
                guard row.kekID == old.id, let wrapped = row.wrapped else {
                    throw PersonVaultError.kekWrong(setting: "the old KEK", given: old.id, stored: [row.kekID ?? "none"])
                }
                let key = try PersonKeyWrap.unwrap(wrapped, for: row.person, with: old)
                rewrapped.append((row.person, try PersonKeyWrap.wrap(key, for: row.person, with: new)))
            }
            if !rewrapped.isEmpty { try await table.rewrap(rewrapped, kekID: new.id, on: connection) }
            try await record.replace(with: new.checkValue, on: connection)
            try await connection.query("COMMIT", logger: logger)
            return rewrapped.count
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }
}
