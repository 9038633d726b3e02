import ArgumentParser
import EventStore
import Foundation
import LabLedgerAPI
import Logging
import PostgresNIO
import LabLedgerProjections
import LabLedgerReadModels
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the JSON API and the projection workers (embedded PostgreSQL unless DATABASE_URL is set) until SIGTERM.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var api: APIServerOptions

    @Flag(name: .customLong("demo"), help: "Load the demo story of docs/domain.md through the API's own handlers (once; a no-op when loaded before) and print a key per role (env LABLEDGER_DEMO=1).")
    var demo: Bool = ProcessInfo.processInfo.environment["LABLEDGER_DEMO"] == "1"

    func run() async throws {
        try await CommandFailure.reporting { try await runReportingErrors() }
    }

    private func runReportingErrors() async throws {
        let logger = database.makeLogger()
        let descriptors = DescriptorLimit.raiseToHardLimit()
        let runtime = try await DatabaseRuntime.start(database, logger: logger)
        let client = PostgresClient(configuration: runtime.app.clientConfiguration(), backgroundLogger: logger)
        let store = PostgresEventStore(client: client, database: runtime.app, logger: logger)
        let ready = StoreReadiness(store: store, logger: logger, connectionHint: runtime.app.url())
        let worker = ProjectionWorker(projectors: ReadModels.all.map(StreamProjector.init), store: store, logger: logger)
        let keys = APIKeyStore(client: client, logger: logger)
        let options = api.apiOptions
        let availability = DatabaseAvailability(database: runtime.app, logger: logger)
        let app = try APIServer.application(store: store, keys: keys, options: options, availability: availability, logger: logger)
        logger.info("serving at most \(options.effectiveConnectionLimits.maximum) connections (open-file limit \(descriptors)), idle timeout \(options.idleTimeout)")
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: client), .init(service: availability), .init(service: ready), .init(service: worker), .init(service: app),
        ]
        if demo {
            services.append(.init(service: DemoService(store: store, keys: keys, options: options, logger: logger)))
        }
        // The client is listed first so that it stops last, after everything that uses it.
        let group = ServiceGroup(configuration: .init(
            services: services,
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
