import EventStore
import Foundation
import LabLedgerProjections
import PostgresNIO
import TestSupport
import Testing

@testable import LabLedgerAPI

/// The checkpoint listener keeps its LISTEN through a connection that goes silent.
@Suite struct CheckpointListenerSilenceTests {
    @Test("a checkpoint listener whose connection stops answering gives it up at its ping's deadline and hears notices on a new one")
    func silentConnectionIsReplaced() async throws {
        let database = try await TestDatabase.make("checkpoint_silent")
        try await database.withStore { store in
            let positions = ProjectionPositions()
            // No re-check in the test's time: a notice that arrives can only have come over LISTEN.
            let listener = CheckpointListener(
                positions: positions, store: store, recheckInterval: .seconds(600), pingInterval: .milliseconds(200),
                pingTimeout: .seconds(2), logger: TestCluster.logger)
            let running = Task { try await listener.run() }
            defer { running.cancel() }
            #expect(try await Self.eventually { positions.isLive })
            let listening = try await Self.backends(database)
            try #require(listening.count == 1)
            let silenced = listening[0]
            // A stopped backend keeps its socket open and answers nothing: a partition, as seen from here.
            try #require(kill(pid_t(silenced), SIGSTOP) == 0)
            defer { kill(pid_t(silenced), SIGCONT) }
            // Should an expectation below hang, the backend is let go anyway.
            Task.detached {
                try? await Task.sleep(for: .seconds(30))
                kill(pid_t(silenced), SIGCONT)
            }

            #expect(try await Self.eventually { listener.connection.silentConnectionsGivenUp.load(ordering: .relaxed) == 1 })
            #expect(try await Self.eventually {
                try await Self.backends(database).contains { $0 != silenced } && positions.isLive
            })

            let target = Checkpoint(transactionID: 7, position: 42)
            let waiting = Task { await positions.wait(for: target, projections: ["directory"], timeout: .seconds(30)) }
            #expect(try await Self.eventually { positions.statistics.waiting == 1 })
            let notice = CheckpointNotice(projection: "directory", checkpoint: target).payload
            try await store.client.query("SELECT pg_notify(\(CheckpointNotice.channel), \(notice))", logger: TestCluster.logger)
            #expect(await waiting.value == .notification)
        }
    }

    private static func backends(_ database: TestDatabase) async throws -> [Int] {
        try await database.withConnection(as: database.provisioned.superuser) { connection in
            let rows = try await connection.query(
                """
                SELECT pid FROM pg_stat_activity
                WHERE datname = current_database() AND application_name = 'labledger-checkpoints' ORDER BY backend_start
                """, logger: TestCluster.logger)
            var pids: [Int] = []
            for try await pid in rows.decode(Int.self) { pids.append(pid) }
            return pids
        }
    }

    private static func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}
