import ArgumentParser
import LabLedgerApp

struct WorkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work",
        abstract: "Run the projection workers and the log's sequencer, no API. Several may run against one database: each projection is applied by one of them, the others stand by.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var log: LogOptions
    @OptionGroup var workerOptions: WorkerOptions

    func run() async throws {
        try await CommandFailure.reporting {
            let logger = database.makeLogger()
            var configuration = AppConfiguration.work(try database.location(), log: log.log(dataDirectory: database.dataDirectory))
            configuration.maximumConnections = database.databaseConnections
            workerOptions.apply(to: &configuration.workers)
            configuration.personKEK = database.personKEK()
            try await buildApplication(configuration, logger: logger).run()
        }
    }
}
