import ArgumentParser
import EventStore
import Logging
import PostgresNIO
import LabLedgerProjections
import LabLedgerReadModels
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start the event store (embedded PostgreSQL unless DATABASE_URL is set), migrate, and run the projection workers until SIGTERM.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await CommandFailure.reporting { try await runReportingErrors() }
    }

    private func runReportingErrors() async throws {
        let logger = database.makeLogger()
        let runtime = try await DatabaseRuntime.start(database, logger: logger)
        let client = PostgresClient(configuration: runtime.app.clientConfiguration(), backgroundLogger: logger)
        let store = PostgresEventStore(client: client, database: runtime.app, logger: logger)
        let ready = StoreReadiness(store: store, logger: logger, connectionHint: runtime.app.url())
        let worker = ProjectionWorker(projectors: ReadModels.all.map(StreamProjector.init), store: store, logger: logger)
        // The client is listed first so that it stops last, after everything that uses it.
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: client), .init(service: ready), .init(service: worker)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        do {
            try await group.run()
        } catch {
            await runtime.stop(logger: logger)
            throw error
        }
        await runtime.stop(logger: logger)
    }
}

/// Reports once that the store answers, then waits for shutdown.
struct StoreReadiness: Service {
    let store: PostgresEventStore
    let logger: Logger
    let connectionHint: String

    func run() async throws {
        let status = try await StoreStatus.read(from: store)
        logger.info("event store ready at \(connectionHint): \(status.summary)")
        try? await gracefulShutdown()
    }
}
