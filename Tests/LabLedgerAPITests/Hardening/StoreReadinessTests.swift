import EventStore
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization
import Testing
import TestSupport
@testable import LabLedgerApp

/// The start-up report of the store's status never takes the application down: a service that
/// fails cancels the group, the database probe and the client with it.
@Suite struct StoreReadinessTests {
    @Test func aStoreThatCannotBeReadAtStartIsAWarningAndTheServiceRunsOnUntilShutdown() async throws {
        let database = try await TestDatabase.make("readiness")
        // The read fails at once, as it does when the database goes away under a starting API.
        try await database.withConnection(as: database.provisioned.superuser) { connection in
            try await connection.query("ALTER TABLE events RENAME TO events_elsewhere", logger: TestCluster.logger)
        }
        let captured = CapturedLog()
        try await database.withStore { store in
            let readiness = StoreReadiness(store: store, logger: captured.logger, connectionHint: "the test database")
            let group = ServiceGroup(configuration: .init(services: [.init(service: readiness)], logger: TestCluster.logger))
            let ended = Atomic<Bool>(false)
            let running = Task {
                defer { ended.store(true, ordering: .releasing) }
                try await group.run()
            }
            // Before the fix the read's error ended the group at once: `run` threw it.
            while !ended.load(ordering: .acquiring), !captured.messages.withLock({ $0.contains { $0.0 == .warning } }) {
                try await Task.sleep(for: .milliseconds(20))
            }
            let endedEarly = ended.load(ordering: .acquiring)
            #expect(!endedEarly, "the group ended before shutdown was asked for")
            await group.triggerGracefulShutdown()
            try await running.value
        }
        let warnings = captured.messages(at: .warning)
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("could not be read at start") == true)
        #expect(warnings.first?.contains("events") == true)
    }
}
