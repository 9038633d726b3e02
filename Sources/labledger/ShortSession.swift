import EventStore
import Logging
import PostgresNIO

/// Runs a short command's body with the store and one connection, then stops what it started.
enum ShortSession {
    @discardableResult
    static func run<T: Sendable>(
        _ options: DatabaseOptions, _ body: @Sendable (PostgresEventStore, PostgresConnection, Logger) async throws -> T
    ) async throws -> T {
        let logger = options.makeLogger()
        let runtime = try await DatabaseRuntime.start(options, logger: logger)
        let client = PostgresClient(configuration: runtime.app.clientConfiguration(maximumConnections: 4), backgroundLogger: logger)
        let store = PostgresEventStore(client: client, database: runtime.app, logger: logger)
        do {
            let result = try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask { await client.run(); return nil }
                defer { group.cancelAll() }
                return try await DatabaseSetup.withConnection(runtime.app, logger: logger) { try await body(store, $0, logger) }
            }
            await runtime.stop(logger: logger)
            return result
        } catch {
            await runtime.stop(logger: logger)
            throw error
        }
    }
}
