import EventStore
import Foundation
import LabLedgerAudit
import Logging
import PostgresNIO
import ServiceLifecycle
import TestSupport
import Testing

@Suite struct SequencerShutdownTests {
    @Test("a graceful shutdown ends the active sequencer while it waits for appends, long before its poll would")
    func gracefulShutdownWakesTheWait() async throws {
        let database = try await TestDatabase.make("sequencer_shutdown")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sequencer-shutdown-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let signer = try CheckpointSigner.load(origin: "labledger.test/shutdown", keyFile: folder.appendingPathComponent("log.key").path)
        try await database.withStore(maximumConnections: 4) { store in
            var options = LogSequencer.Options()
            options.pollInterval = .seconds(600)
            let sequencer = LogSequencer(store: store, signer: signer, options: options, logger: TestCluster.logger)
            let group = ServiceGroup(configuration: .init(services: [sequencer], logger: TestCluster.logger))
            let running = Task { try await group.run() }
            // Active and waiting: it holds the lock on its connection and waits on the append listener.
            let active = try await eventually {
                let sessions = try await database.backendPIDs(applicationName: "labledger-sequencer")
                return sessions.count == 1 && store.appendListener.readerCount == 1
            }
            #expect(active)
            // Joined is not yet waiting: give the session time to read its empty page and wait.
            // Not a limit on anything: a shutdown that comes sooner is caught by the loop's own
            // check, and the test only gets weaker, never falsely red.
            try await Task.sleep(for: .milliseconds(500))
            await group.triggerGracefulShutdown()
            let ended = await withTaskGroup(of: Bool.self) { race in
                race.addTask { (try? await running.value) != nil }
                race.addTask {
                    try? await Task.sleep(for: .seconds(60))
                    return false
                }
                let first = await race.next() ?? false
                // A sequencer still waiting is cancelled, so that the test ends either way.
                running.cancel()
                race.cancelAll()
                return first
            }
            #expect(ended)
            #expect(store.appendListener.readerCount == 0)
        }
    }
}
