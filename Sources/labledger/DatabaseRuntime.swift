import EventStore
import LabLedgerSchema
import Foundation
import Logging

/// The database the process works on, migrated and ready, and how to let it go.
struct DatabaseRuntime: Sendable {
    /// The service's login (application privileges only).
    var app: DatabaseConfig
    /// The owner login, for migrations and operator commands.
    var owner: DatabaseConfig
    /// Set when this process started the embedded cluster and so must stop it.
    var embedded: EmbeddedPostgres?
    /// The folder of an embedded cluster that was already running when this process came: it
    /// belongs to whoever started it (another `serve`, a `work`), so it is left running.
    var attachedTo: String?

    static let embeddedDatabaseName = "labledger"

    static func start(_ options: DatabaseOptions, logger: Logger) async throws -> DatabaseRuntime {
        let migrations = try LabLedgerSchema.migrations()
        if !options.databaseURL.isEmpty {
            let owner = try DatabaseConfig(url: options.databaseURL)
            let applied = try await DatabaseSetup.withConnection(owner, logger: logger) { connection in
                try await MigrationRunner(migrations: migrations, logger: logger).migrate(on: connection)
            }
            logger.info("\(applied.count) migrations applied")
            let app = options.appDatabaseURL.isEmpty ? owner : try DatabaseConfig(url: options.appDatabaseURL)
            return DatabaseRuntime(app: app, owner: owner, embedded: nil, attachedTo: nil)
        }
        let dataDirectory = URL(fileURLWithPath: options.dataDirectory).appendingPathComponent("pgdata")
        let cluster = EmbeddedPostgres(
            dataDirectory: dataDirectory, binaries: try PostgresBinaries.locate(forDataDirectory: dataDirectory), logger: logger)
        let started = try await cluster.start()
        let provisioned = try await DatabaseSetup.provision(
            superuser: started.superuser, database: embeddedDatabaseName, migrations: migrations, logger: logger)
        return DatabaseRuntime(
            app: provisioned.app, owner: provisioned.owner, embedded: started.startedHere ? cluster : nil,
            attachedTo: started.startedHere ? nil : dataDirectory.path)
    }

    func stop(logger: Logger) async {
        if let attachedTo {
            logger.info("left the embedded PostgreSQL in \(attachedTo) running: it was running before this process started")
        }
        guard let embedded else { return }
        do {
            try await embedded.stop()
            logger.info("embedded PostgreSQL stopped")
        } catch {
            logger.error("could not stop the embedded PostgreSQL: \(error)")
        }
    }
}
