import ArgumentParser
import EventStore
import LabLedgerProjections
import LabLedgerReadModels
import PostgresNIO
import ServiceLifecycle

struct WorkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work",
        abstract: "Run only the projection workers. Several may run against one database: each projection is applied by one of them, the others stand by.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await CommandFailure.reporting {
            let logger = database.makeLogger()
            let runtime = try await DatabaseRuntime.start(database, logger: logger)
            let client = PostgresClient(configuration: runtime.app.clientConfiguration(), backgroundLogger: logger)
            let store = PostgresEventStore(client: client, database: runtime.app, logger: logger)
            let worker = ProjectionWorker(projectors: ReadModels.all.map(StreamProjector.init), store: store, logger: logger)
            let group = ServiceGroup(configuration: .init(
                services: [.init(service: client), .init(service: worker)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            do {
                try await group.run()
            } catch {
                await runtime.stop(logger: logger)
                throw error
            }
            await runtime.stop(logger: logger)
        }
    }
}
