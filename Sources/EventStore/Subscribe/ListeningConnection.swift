import Logging
import PostgresNIO
import Synchronization

/// A LISTEN on a connection of its own, kept up for as long as the task that runs it: the one
/// loop behind the process's append listener and its checkpoint listener.
///
/// It connects, LISTENs, and hands each notification on. When the connection ends (reset,
/// closed, refused) it reconnects with back-off from 50 ms to 5 s, starting over at 50 ms after
/// a connection that got as far as listening. A connection that goes silent without a reset (a
/// network partition, a frozen host) never ends by itself, so it is asked `SELECT 1` every
/// `pingInterval` and closed when an answer takes longer than `pingTimeout`: its listener then
/// reconnects like after any other loss, instead of waiting for notifications that cannot come.
public final class ListeningConnection: Sendable {
    let database: DatabaseConfig
    let channel: String
    let applicationName: String
    /// What the log lines call it ("append listener").
    let role: String
    let pingInterval: Duration
    let pingTimeout: Duration
    let logger: Logger
    /// Connections closed because a ping went unanswered (for tests).
    public let silentConnectionsGivenUp = Atomic<Int>(0)
    private static let connectionIDs = Atomic<Int>(4_000_000)

    public init(
        database: DatabaseConfig, channel: String, applicationName: String, role: String,
        pingInterval: Duration = .seconds(30), pingTimeout: Duration = .seconds(10), logger: Logger
    ) {
        self.database = database
        self.channel = channel
        self.applicationName = applicationName
        self.role = role
        self.pingInterval = pingInterval
        self.pingTimeout = pingTimeout
        self.logger = logger
    }

    /// Keeps the LISTEN up until the task is cancelled or `adopt` refuses a new connection.
    ///
    /// - `adopt`: called with each new connection before it listens; false closes it and ends the loop.
    /// - `listening`: called once LISTEN is active on a connection (a read from here on misses
    ///   no notification); an error from it ends that connection like a loss, and the back-off
    ///   goes on growing.
    /// - `notified`: each notification's payload, in order.
    /// - `ended`: after each connection ends, whether or not it got as far as listening.
    public func run(
        adopt: (PostgresConnection) -> Bool = { _ in true },
        listening: (PostgresConnection) async throws -> Void,
        notified: (String) -> Void,
        ended: () -> Void
    ) async {
        let initialDelay = Duration.milliseconds(50)
        var delay = initialDelay
        while !Task.isCancelled {
            var wasListening = false
            do {
                let configuration = try database.with(applicationName: applicationName).connectionConfiguration()
                let connection = try await PostgresConnection.connect(
                    configuration: configuration, id: Self.connectionIDs.wrappingAdd(1, ordering: .relaxed).oldValue, logger: logger)
                guard adopt(connection) else {
                    try? await connection.close()
                    return
                }
                defer { Task { try? await connection.close() } }
                // Closes the connection when it stops answering, which ends LISTEN (or its wait
                // for an answer, which has no deadline of its own) below.
                let watchdog = Task { await self.pingUntilSilent(connection) }
                defer { watchdog.cancel() }
                try await connection.listen(on: channel) { notifications in
                    try await listening(connection)
                    // Only a connection that got this far starts the back-off over: one whose
                    // `listening` fails every time (a missing table, a revoked grant) must not
                    // reconnect every 50 ms.
                    wasListening = true
                    for try await notification in notifications { notified(notification.payload) }
                }
            } catch {
                if !Task.isCancelled {
                    logger.warning("\(role): \(PostgresEventStore.describe(error)); reconnecting")
                }
            }
            ended()
            if wasListening { delay = initialDelay }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(5))
        }
    }

    /// Asks `SELECT 1` every `pingInterval` until cancelled; closes the connection (without
    /// waiting: a close can hang on it too) when an answer takes longer than `pingTimeout` or fails.
    private func pingUntilSilent(_ connection: PostgresConnection) async {
        let logger = self.logger
        while (try? await Task.sleep(for: pingInterval)) != nil {
            do {
                try await withDeadline(pingTimeout, "the \(role)'s connection", onTimeout: {}) {
                    // Drained: an unread row sequence would hold the connection.
                    for try await _ in try await connection.query("SELECT 1", logger: logger) {}
                }
            } catch {
                // Closed under the ping (its owner closed it, or the server dropped it): the
                // listening loop has its own answer to that.
                if Task.isCancelled || connection.isClosed { return }
                logger.warning("\(role): \(PostgresEventStore.describe(error)); reconnecting")
                silentConnectionsGivenUp.wrappingAdd(1, ordering: .relaxed)
                Task { try? await connection.close() }
                return
            }
        }
    }
}
