import ArgumentParser
import Foundation
import LabLedgerAPI
import LabLedgerApp

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the JSON API and, unless --no-workers, the projection workers (embedded PostgreSQL unless DATABASE_URL or APP_DATABASE_URL is set) until SIGTERM.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var api: APIServerOptions
    @OptionGroup var log: LogOptions

    @Flag(name: .customLong("demo"), help: "Load the demo story of docs/domain.md through the API's own handlers (once; a no-op when loaded before) and print a key per role (env LABLEDGER_DEMO=1).")
    var demo: Bool = Settings.demo.valueOrDefault == "1"

    @Flag(inversion: .prefixedNo, help: "Run the projection workers and the log's sequencer in this process; --no-workers serves the API only, beside `labledger work` (env LABLEDGER_WORKERS=0).")
    var workers: Bool = Settings.workers.valueOrDefault != "0"

    func run() async throws {
        try await CommandFailure.reporting { try await runReportingErrors() }
    }

    private func runReportingErrors() async throws {
        let logger = database.makeLogger()
        APIMetrics.bootstrapMetrics()
        let descriptors = DescriptorLimit.raiseToHardLimit()
        let options = api.apiOptions
        var logConfiguration = log.log(dataDirectory: database.dataDirectory)
        // Only an API without workers serves a key it does not sign with.
        if !workers { logConfiguration.publicKey = try log.publicVerifierKey() }
        var configuration = AppConfiguration.serve(
            try database.location(), api: options, log: logConfiguration, workers: workers, demo: demo)
        configuration.maximumConnections = database.databaseConnections
        configuration.readReplica = try database.readReplica()
        configuration.personKEK = database.personKEK()
        let app = try await buildApplication(configuration, logger: logger)
        logger.info("serving at most \(options.effectiveConnectionLimits.maximum) connections (open-file limit \(descriptors)), idle timeout \(options.idleTimeout)")
        try await app.run()
    }
}
