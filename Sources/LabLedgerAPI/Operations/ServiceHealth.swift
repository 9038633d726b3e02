import EventStore
import Foundation
import LabLedgerSchema
import Logging
import PostgresNIO
import TransparencyLog

/// What `/ready` checks: the database answers, every migration this binary carries is applied
/// (and none it does not know), no projection has failed, and the log's public key this process
/// serves signed the newest stored checkpoint.
struct ServiceHealth: Sendable {
    let store: PostgresEventStore
    let availability: DatabaseAvailability?
    /// The key `/v1/audit/public-key` serves; nil when the log is not served.
    let logVerifierKey: String?
    let logger: Logger

    struct Check: Sendable {
        var name: String
        var ok: Bool
        var detail: String?
    }

    func readiness() async -> [Check] {
        let unreachable = [Check(name: "database", ok: false, detail: "unreachable")]
        do {
            // Answers at once while the database is down instead of waiting for a connection.
            let checks = try await DatabaseAvailability.whileUp(availability) {
                try await store.client.withConnection { connection in
                    [
                        Check(name: "database", ok: true), try await migrations(on: connection), try await projections(on: connection),
                    ] + (try await logKey(on: connection).map { [$0] } ?? [])
                }
            }
            return checks ?? unreachable
        } catch {
            // The cause goes to the log, not to an unauthenticated probe.
            logger.warning("readiness: database unreachable: \(String(reflecting: error))")
            return unreachable
        }
    }

    /// Every migration of the binary applied, not only the highest: migrations merged out of
    /// number order (0032 after 0035) can leave a gap below the highest applied one.
    private func migrations(on connection: PostgresConnection) async throws -> Check {
        let expected = Set(try LabLedgerSchema.migrations().map(\.version))
        var applied = Set<Int>()
        for try await version in try await connection.query(
            "SELECT version FROM schema_migrations", logger: logger
        ).decode(Int.self) {
            applied.insert(version)
        }
        let missing = expected.subtracting(applied).sorted()
        var detail = "database at \(applied.max() ?? 0), binary at \(expected.max() ?? 0)"
        if !missing.isEmpty { detail += "; not applied: " + missing.map(String.init).joined(separator: ", ") }
        return Check(name: "migrations", ok: missing.isEmpty && (applied.max() ?? 0) == (expected.max() ?? 0), detail: detail)
    }

    private func projections(on connection: PostgresConnection) async throws -> Check {
        var failed: [String] = []
        // Names only: a projection's last error can quote event data (`labledger status` shows it).
        for try await name in try await connection.query(
            "SELECT name FROM projections WHERE state = 'failed' ORDER BY name", logger: logger
        ).decode(String.self) {
            failed.append(name)
        }
        return Check(name: "projections", ok: failed.isEmpty, detail: failed.isEmpty ? nil : "failed: " + failed.joined(separator: "; "))
    }

    /// The start's check (`LogKeyCheck`) passes while no checkpoint is stored yet, so an API
    /// given a stale public key (compose after `down -v`: a new signing key, an empty database,
    /// the old key file kept) would serve it for good once the worker signs with its new key.
    /// Checked again on every `/ready`: one indexed row and one signature check. A mismatch
    /// takes the replica out of the balancer and is logged as the error it is.
    private func logKey(on connection: PostgresConnection) async throws -> Check? {
        guard let logVerifierKey else { return nil }
        let rows = try await connection.query(
            "SELECT tree_size, note FROM log_checkpoints ORDER BY tree_size DESC LIMIT 1", logger: logger)
        for try await (size, note) in rows.decode((Int64, String).self) {
            if (try? NoteVerifier(verifierKey: logVerifierKey).open(note)) != nil {
                return Check(name: "log-key", ok: true)
            }
            logger.error(
                "the log's public key this process serves (\(logVerifierKey)) did not sign the newest stored checkpoint (tree size \(size)): not ready; give it the signing key's public key (LABLEDGER_LOG_PUBLIC_KEY or LABLEDGER_LOG_PUBLIC_KEY_FILE)")
            return Check(name: "log-key", ok: false, detail: "the served public key did not sign checkpoint \(size)")
        }
        return Check(name: "log-key", ok: true, detail: "no checkpoint stored yet")
    }
}
