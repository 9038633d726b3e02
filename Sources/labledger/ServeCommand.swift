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
    @OptionGroup var workerOptions: WorkerOptions

    @Flag(name: .customLong("demo"), help: "Load the demo story of docs/domain.md through the API's own handlers (once; a no-op when loaded before) and print a key per role (env LABLEDGER_DEMO=1).")
    var demo: Bool = Settings.demo.valueOrDefault == "1"

    @Flag(inversion: .prefixedNo, help: "Run the projection workers and the log's sequencer in this process; --no-workers serves the API only, beside `labledger work` (env LABLEDGER_WORKERS=0).")
    var workers: Bool = Settings.workers.valueOrDefault != "0"

    // Here, not in the shared `LogOptions`: every other command would accept it and ignore it.
    @Option(name: .customLong("log-public-key"), help: "The log's public key (<origin>+<key id>+<base64 key>, as GET /v1/audit/public-key serves it), for `serve --no-workers`, which then never reads the key file; without it such a server derives the key from an existing --log-key-file and otherwise refuses to start (env LABLEDGER_LOG_PUBLIC_KEY or LABLEDGER_LOG_PUBLIC_KEY_FILE).")
    var logPublicKey: String = ""

    func validate() throws {
        // With workers this process signs with --log-key-file and would ignore the option.
        guard !workers || logPublicKey.isEmpty else {
            throw ValidationError("--log-public-key is for `serve --no-workers`; with workers `serve` signs with --log-key-file.")
        }
    }

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
        // The option, the variable, or the file its `_FILE` variable names.
        if !workers { logConfiguration.publicKey = try Optional(logPublicKey).nonEmpty ?? Settings.logPublicKey.value() }
        var configuration = AppConfiguration.serve(
            try database.location(), api: options, log: logConfiguration, workers: workers, demo: demo)
        configuration.maximumConnections = database.databaseConnections
        workerOptions.apply(to: &configuration.workers)
        configuration.readReplica = try database.readReplica()
        configuration.personKEK = database.personKEK()
        let app = try await buildApplication(configuration, logger: logger)
        logger.info("serving at most \(options.effectiveConnectionLimits.maximum) connections (open-file limit \(descriptors)), idle timeout \(options.idleTimeout)")
        try await app.run()
    }
}
