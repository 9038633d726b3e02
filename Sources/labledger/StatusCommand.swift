import ArgumentParser
import EventStore
import PostgresNIO

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print how many events and streams the store holds and how far the gap-safe watermark lags.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await CommandFailure.reporting { try await runReportingErrors() }
    }

    private func runReportingErrors() async throws {
        let logger = database.makeLogger()
        let runtime = try await DatabaseRuntime.start(database, logger: logger)
        let client = PostgresClient(configuration: runtime.app.clientConfiguration(maximumConnections: 2), backgroundLogger: logger)
        let store = PostgresEventStore(client: client, database: runtime.app, logger: logger)
        let status = try await withThrowingTaskGroup(of: StoreStatus?.self) { group in
            group.addTask { await client.run(); return nil }
            defer { group.cancelAll() }
            return try await StoreStatus.read(from: store)
        }
        await runtime.stop(logger: logger)
        print(status.summary)
    }
}
