import EventStore
import Logging
import ServiceLifecycle

/// Reports once that the store answers, then waits for shutdown.
///
/// A store that cannot be read at that moment is a warning, not a failure: a service that ends
/// with an error cancels the whole group, and with it the database probe and the client. An
/// API whose database went away just after it started then never answered 503 and never
/// recovered (seen as a flaky outage test under load, where this read ran late).
struct StoreReadiness: Service {
    let store: PostgresEventStore
    let logger: Logger
    let connectionHint: String

    func run() async throws {
        do {
            let status = try await StoreStatus.read(from: store)
            logger.info("event store ready at \(connectionHint): \(status.summary)")
        } catch where !Task.isCancelled {
            logger.warning(
                "event store at \(connectionHint) could not be read at start: \(PostgresEventStore.describe(error)); /ready reports the database until it answers"
            )
        }
        try? await gracefulShutdown()
    }
}
