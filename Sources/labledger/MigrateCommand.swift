import ArgumentParser
import EventStore
import LabLedgerSchema

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending schema migrations (serve also does this at start) and exit.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await CommandFailure.reporting { try await runReportingErrors() }
    }

    private func runReportingErrors() async throws {
        let migrations = try LabLedgerSchema.migrations()
        let pending = try await ShortSession.asOwner(database) { connection, logger in
            try await MigrationRunner(migrations: migrations, logger: logger).pending(on: connection)
        }
        print("schema is current: \(migrations.count) migrations applied, \(pending.count) pending")
    }
}
