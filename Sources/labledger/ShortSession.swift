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
        // The pool's own log only at `error`: a one-shot command may lease before the child task
        // has entered `run()` (nothing tells when it has), which postgres-nio warns about although
        // the lease simply waits; every real failure still reaches the caller as a thrown error.
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .error)
        let client = PostgresClient(configuration: runtime.app.clientConfiguration(maximumConnections: 4), backgroundLogger: poolLogger)
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
