import ArgumentParser
import LabLedgerApp

struct WorkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work",
        abstract: "Run only the projection workers. Several may run against one database: each projection is applied by one of them, the others stand by.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await CommandFailure.reporting {
            let logger = database.makeLogger()
            try await buildApplication(.work(try database.location()), logger: logger).run()
        }
    }
}
