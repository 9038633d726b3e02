import Logging
import PostgresNIO
import TransparencyLog

/// Checks, at the start of an API without a sequencer, that the public key it is about to serve
/// signed the newest checkpoint stored in the database. The log's key is made once and never
/// replaced (`SigningKeyFile`), so a mismatch is always a misconfiguration (another
/// deployment's key, a stale copy), and serving it would make every auditor's check of every
/// checkpoint fail as if the history had been forged. Refusing to start keeps the replicas
/// already running (a rolling update stops at the first new one that cannot become ready).
enum LogKeyCheck {
    static func verify(_ verifierKey: String, on connection: PostgresConnection, logger: Logger) async throws {
        let rows = try await connection.query(
            "SELECT tree_size, note FROM log_checkpoints ORDER BY tree_size DESC LIMIT 1", logger: logger)
        for try await (size, note) in rows.decode((Int64, String).self) {
            do {
                _ = try NoteVerifier(verifierKey: verifierKey).open(note)
            } catch {
                throw LogVerifierKeyError.mismatch(treeSize: size, verifierKey: verifierKey)
            }
            logger.info("the log's public key signed the newest stored checkpoint (tree size \(size))")
            return
        }
        logger.info("no signed checkpoint stored yet: the log's public key is checked against the first one by its readers")
    }
}
