import EventStore
import Foundation
import LabLedgerSchema
import Logging
import PostgresNIO

/// What `/ready` checks: the database answers, every migration this binary carries is applied
/// (and none it does not know), and no projection has failed.
struct ServiceHealth: Sendable {
    let store: PostgresEventStore
    let availability: DatabaseAvailability?
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
                    [Check(name: "database", ok: true), try await migrations(on: connection), try await projections(on: connection)]
                }
            }
            return checks ?? unreachable
        } catch {
            // The cause goes to the log, not to an unauthenticated probe.
            logger.warning("readiness: database unreachable: \(String(reflecting: error))")
            return unreachable
        }
    }

    private func migrations(on connection: PostgresConnection) async throws -> Check {
        let expected = try LabLedgerSchema.migrations().map(\.version).max() ?? 0
        var applied = 0
        for try await version in try await connection.query(
            "SELECT coalesce(max(version), 0)::int FROM schema_migrations", logger: logger
        ).decode(Int.self) {
            applied = version
        }
        let detail = "database at \(applied), binary at \(expected)"
        return Check(name: "migrations", ok: applied == expected, detail: detail)
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
}
