import EventStore
import Foundation
import PostgresNIO
import Testing
import TestSupport

/// `serve` after its embedded PostgreSQL's postmaster was killed: the dead postmaster's lock file
/// and its orphaned backends must not make the next start fail.
@Suite struct EmbeddedRecoveryTests {
    @Test func aClusterWhosePostmasterWasKilledStartsAgainAtOnce() async throws {
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("labledger-recovery-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("pgdata")
        let cluster = EmbeddedPostgres(dataDirectory: data, binaries: try PostgresBinaries.locate(), durable: false, logger: TestCluster.logger)
        let first = try await cluster.start()
        try await withCleanup {
            // A client connection keeps a backend alive across the kill, as `serve`'s pool does.
            try await DatabaseSetup.withConnection(first.superuser, logger: TestCluster.logger) { _ in
                let pidFile = try String(contentsOf: data.appendingPathComponent("postmaster.pid"), encoding: .utf8)
                let pid = try #require(pid_t(pidFile.split(separator: "\n").first.map(String.init) ?? ""))
                #expect(kill(pid, SIGKILL) == 0)

                let again = try await cluster.start()
                let answer = try await DatabaseSetup.withConnection(again.superuser, logger: TestCluster.logger) { connection in
                    var value = 0
                    for try await one in try await connection.query("SELECT 1", logger: TestCluster.logger).decode(Int.self) { value = one }
                    return value
                }
                #expect(answer == 1)
            }
        } cleanup: {
            await cluster.stopAtOnce()
        }
    }
}
