import ArgumentParser
import EventStore
import PostgresNIO

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the hash chains of one stream or of all, and report the first event that does not match.",
        discussion: "Exits with status 1 when the history was altered.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Verify only this stream.")
    var stream: String?

    func run() async throws {
        try await CommandFailure.reporting { try await runReportingErrors() }
    }

    private func runReportingErrors() async throws {
        let logger = database.makeLogger()
        let runtime = try await DatabaseRuntime.start(database, logger: logger)
        let client = PostgresClient(configuration: runtime.app.clientConfiguration(maximumConnections: 2), backgroundLogger: logger)
        let store = PostgresEventStore(client: client, database: runtime.app, logger: logger)
        let report = try await withThrowingTaskGroup(of: VerificationReport?.self) { group in
            group.addTask { await client.run(); return nil }
            defer { group.cancelAll() }
            if let stream { return try await store.verify(stream: stream) }
            return try await store.verifyAll()
        }
        await runtime.stop(logger: logger)
        if let mismatch = report.firstMismatch {
            print("ALTERED: \(mismatch) (\(report.eventsChecked) events in \(report.streamsChecked) streams checked)")
            throw ExitCode(1)
        }
        print("intact: \(report.eventsChecked) events in \(report.streamsChecked) streams, every hash recomputed and matched")
    }
}
