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
            #expect(try await eventually { positions.isLive })
            let listening = try await database.backendPIDs(applicationName: "labledger-checkpoints")
            try #require(listening.count == 1)
            let silenced = try StoppedBackend(pid: listening[0])
            defer { silenced.resume() }

            #expect(try await eventually { listener.connection.silentConnectionsGivenUp.load(ordering: .relaxed) == 1 })
            #expect(try await eventually {
                try await database.backendPIDs(applicationName: "labledger-checkpoints").contains { $0 != silenced.pid } && positions.isLive
            })

            let target = Checkpoint(transactionID: 7, position: 42)
            let waiting = Task { await positions.wait(for: target, projections: ["directory"], timeout: .seconds(30)) }
            #expect(try await eventually { positions.statistics.waiting == 1 })
            let notice = CheckpointNotice(projection: "directory", checkpoint: target).payload
            try await store.client.query("SELECT pg_notify(\(CheckpointNotice.channel), \(notice))", logger: TestCluster.logger)
            #expect(await waiting.value == .notification)
        }
    }
}
