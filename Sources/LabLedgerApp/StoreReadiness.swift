import EventStore
import Logging
import ServiceLifecycle

/// Reports once that the store answers, then waits for shutdown.
struct StoreReadiness: Service {
    let store: PostgresEventStore
    let logger: Logger
    let connectionHint: String

    func run() async throws {
        let status = try await StoreStatus.read(from: store)
        logger.info("event store ready at \(connectionHint): \(status.summary)")
        try? await gracefulShutdown()
    }
}
