import Foundation
import Logging
import PostgresNIO

/// Re-wraps every live person key from one KEK to another, in one transaction. Events are not
/// touched: they are sealed with the data keys, which stay the same.
public enum KEKRotation {
    /// The number of keys re-wrapped. Keys already wrapped by `new` (a rotation repeated) are
    /// left as they are; a key wrapped by neither is refused and nothing changes. The recorded
    /// KEK (`person_kek`) becomes `new` in the same transaction, before the keys are re-wrapped:
    /// a process started with the old KEK after the commit is refused, a start meanwhile waits
    /// for the commit and is refused, and a process already running with the old KEK is refused
    /// when it stores a key (0028's guard on person_keys) and told to restart.
    public static func rotate(
        from old: KeyEncryptionKey, to new: KeyEncryptionKey, on connection: PostgresConnection, logger: Logger
    ) async throws -> Int {
        let table = PersonKeyTable(logger: logger)
        try await connection.query("BEGIN", logger: logger)
        do {
            // First, so that no key arrives wrapped by the old KEK meanwhile: a sealing
            // transaction that inserted a key commits before the rotation reads the keys (and
            // its key is re-wrapped), and one that inserts after this waits for the commit and
            // meets the new record (a process still on the old KEK is then refused).
            try await connection.query("SELECT person_keys_lock_for_rotation()", logger: logger)
            // Next, before any key is re-wrapped: from here person_keys admits keys of the new
            // KEK only (0028's guard), so a process still on the old KEK that stores a key after
            // this commits is refused. Refused when the database records neither KEK; a second
            // rotation from the same old KEK waits on the lock above, then finds the new value.
            try await KEKRecord(logger: logger).replace(old, with: new, on: connection)
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
            try await connection.query("COMMIT", logger: logger)
            return rewrapped.count
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }
}
