import ServiceLifecycle
import Testing
import TestSupport
@testable import LabLedgerApp

/// `whileRunning` (the short commands' way to run the services) ends with a service that fails
/// under it, instead of waiting on a body that needs the service.
@Suite struct WhileRunningTests {
    struct Broken: Error, Equatable {}

    /// A service that fails a moment after it starts, as a worker whose database vanished would.
    struct FailingService: Service {
        func run() async throws {
            try await Task.sleep(for: .milliseconds(50))
            throw Broken()
        }
    }

    @Test func aServiceThatFailsEndsTheBodyWithItsError() async throws {
        let database = try await TestDatabase.make("while_running")
        let built = try await buildApplication(AppConfiguration(database: .migrated(app: database.provisioned.app)), logger: TestCluster.logger)
        let app = LabLedgerApplication(
            store: built.store, keys: built.keys, owner: nil, availability: nil, shared: nil, services: built.services + [FailingService()], http: nil,
            logger: TestCluster.logger)
        await #expect(throws: Broken.self) {
            // Without the service's failure ending it, this body would wait for an hour.
            try await app.whileRunning { _ in try await Task.sleep(for: .seconds(3_600)) }
        }
    }

    @Test func theBodysResultComesBackAndTheServicesStop() async throws {
        let database = try await TestDatabase.make("while_running_ok")
        let app = try await buildApplication(AppConfiguration(database: .migrated(app: database.provisioned.app)), logger: TestCluster.logger)
        let count = try await app.whileRunning { app in try await app.store.headPosition() }
        #expect(count == 0)
    }
}
