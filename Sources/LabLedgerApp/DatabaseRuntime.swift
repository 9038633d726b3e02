import EventStore
import Foundation
import LabLedgerSchema
import Logging
import PostgresNIO
import ServiceLifecycle

/// The database the process works on, migrated and ready, and how to let it go.
struct DatabaseRuntime: Sendable {
    /// The service's login (application privileges only).
    var app: DatabaseConfig
    /// The owner login, for migrations and operator commands; nil for a database migrated by another.
    var owner: DatabaseConfig?
    /// Set when this process started the embedded cluster and so must stop it.
    var embedded: EmbeddedPostgres?
    /// The folder of an embedded cluster that was already running when this process came: it
    /// belongs to whoever started it (another `serve`, a `work`), so it is left running.
    var attachedTo: String?

    static let embeddedDatabaseName = "labledger"

    /// `beforeMigrating` runs on the owner's connection before any migration is applied (the
    /// KEK check); a database migrated by another is not migrated here, and it does not run.
    static func start(
        _ database: AppConfiguration.Database, logger: Logger,
        beforeMigrating: @escaping @Sendable (PostgresConnection) async throws -> Void = { _ in }
    ) async throws -> DatabaseRuntime {
        switch database {
        case .migrated(let app):
            return DatabaseRuntime(app: app)
        case .server(let owner, let app):
            let applied = try await DatabaseSetup.withConnection(owner, logger: logger) { connection in
                try await beforeMigrating(connection)
                return try await MigrationRunner(migrations: try LabLedgerSchema.migrations(), logger: logger).migrate(on: connection)
            }
            logger.info("\(applied.count) migrations applied")
            return DatabaseRuntime(app: app, owner: owner)
        case .embedded(let folder):
            let dataDirectory = URL(fileURLWithPath: folder).appendingPathComponent("pgdata")
            let cluster = EmbeddedPostgres(
                dataDirectory: dataDirectory, binaries: try PostgresBinaries.locate(forDataDirectory: dataDirectory), logger: logger)
            let started = try await cluster.start()
            let runtime = DatabaseRuntime(
                app: started.superuser, embedded: started.startedHere ? cluster : nil,
                attachedTo: started.startedHere ? nil : dataDirectory.path)
            do {
                let provisioned = try await DatabaseSetup.provision(
                    superuser: started.superuser, database: embeddedDatabaseName, migrations: try LabLedgerSchema.migrations(),
                    logger: logger, beforeMigrating: beforeMigrating)
                var ready = runtime
                ready.app = provisioned.app
                ready.owner = provisioned.owner
                return ready
            } catch {
                await runtime.stop(logger: logger)
                throw error
            }
        }
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

/// Keeps the database runtime for the length of the service group and lets it go at the end:
/// listed first, it is shut down last, after everything that uses the database.
struct DatabaseRuntimeService: Service {
    let runtime: DatabaseRuntime
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        // Also when the group was cancelled (a service failed): the stop runs in a task of its
        // own, which the group's cancellation does not reach, so the cluster is not left running.
        let runtime = runtime, logger = logger
        await Task { await runtime.stop(logger: logger) }.value
    }
}
