import EventStore
import LabLedgerApp
import Logging
import PostgresNIO

/// Runs a short command's body with the store and one connection, then stops what it started.
enum ShortSession {
    /// `opensPersonalData`: the store gets the person vault (and the start checks the KEK);
    /// commands that read no `person` part (`verify`, `status`, `export`, `keys`) run without
    /// it, so an auditor needs no KEK.
    @discardableResult
    static func run<T: Sendable>(
        _ options: DatabaseOptions, opensPersonalData: Bool = false,
        _ body: @Sendable (PostgresEventStore, PostgresConnection, Logger) async throws -> T
    ) async throws -> T {
        let logger = options.makeLogger()
        var configuration = AppConfiguration.tool(try options.location())
        if opensPersonalData { configuration.personKEK = options.personKEK() }
        let app = try await buildApplication(configuration, logger: logger)
        return try await app.whileRunning { app in
            try await app.store.client.withConnection { try await body(app.store, $0, logger) }
        }
    }

    /// Runs `body` with the owner login's connection (migrations), on the database `options` name.
    static func asOwner<T: Sendable>(
        _ options: DatabaseOptions, _ body: @Sendable (PostgresConnection, Logger) async throws -> T
    ) async throws -> T {
        let logger = options.makeLogger()
        let app = try await buildApplication(.tool(try options.location()), logger: logger)
        return try await app.whileRunning { app in
            guard let owner = app.owner else { throw OwnerUnknown() }
            return try await DatabaseSetup.withConnection(owner, logger: logger) { try await body($0, logger) }
        }
    }

    private struct OwnerUnknown: Error, CustomStringConvertible {
        var description: String { "the database's owner login is not known" }
    }
}
