import ArgumentParser
import EventStore

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
        let report = try await ShortSession.run(database) { store, _, _ in
            if let stream { return try await store.verify(stream: stream) }
            return try await store.verifyAll()
        }
        if let mismatch = report.firstMismatch {
            print("ALTERED: \(mismatch) (\(report.eventsChecked) events in \(report.streamsChecked) streams checked)")
            throw ExitCode(1)
        }
        print("intact: \(report.eventsChecked) events in \(report.streamsChecked) streams, every hash recomputed and matched")
    }
}
