import EventStore
import Logging
import PostgresNIO
import Synchronization

/// Keeps one projection up to date for as long as it runs: takes the projection's advisory
/// lock (or stands by until it can), then reads gap-safe pages after the checkpoint and applies
/// each with the checkpoint move in one transaction. Lock, reads and writes share one
/// connection, so losing the connection loses the lock and rolls back the batch in hand
/// together; the checkpoint compare-and-set guards the rest.
struct ProjectionRunner: Sendable {
    let projector: any Projector
    let store: PostgresEventStore
    let options: ProjectionWorkerOptions
    let logger: Logger
    /// Shared by the runners of one worker process.
    let bell: CommitBell

    /// Runs until `stop` is set (graceful shutdown) or the task is cancelled.
    func run(stop: StopSignal) async {
        var delay = options.initialReconnectDelay
        while !stop.isSet, !Task.isCancelled {
            do {
                try await session(stop: stop)
                delay = options.initialReconnectDelay
            } catch {
                if stop.isSet || Task.isCancelled { return }
                if PostgresEventStore.isConnectionFailure(error) || error is ProjectionBook.LostOwnership {
                    logger.warning("projection \(projector.name): \(PostgresEventStore.describe(error)); reconnecting")
                } else {
                    logger.error("projection \(projector.name) failed: \(PostgresEventStore.describe(error)); retrying")
                }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, options.maximumReconnectDelay)
            }
        }
    }

    private func session(stop: StopSignal) async throws {
        guard let connection = try await acquire(stop: stop) else { return }
        defer { Self.closeLater(connection) }
        // Ends the session when its connection closed under a query that never answers.
        try await whileOpen(connection) { try await self.follow(on: connection, stop: stop) }
    }

    private func follow(on connection: PostgresConnection, stop: StopSignal) async throws {
        let book = ProjectionBook(name: projector.name, connection: connection, logger: logger)
        // Wake-ups come on a connection of their own: the lock's connection only runs queries.
        let link = try await ListeningConnection.open(store: store, applicationName: "labledger-wakeups:\(projector.name)")
        defer { link.close() }
        stop.onSet { link.wake() }
        let seat = bell.join { link.wake() }
        defer { bell.leave(seat) }
        logger.info("projection \(projector.name): active on \(options.workerName)")
        let active = try await ActiveProjection.start(runner: self, book: book, link: link, seat: seat)
        try await active.follow(stop: stop)
    }

    /// A connection holding the projection's lock, or nil when told to stop first. A standby
    /// connects afresh for each attempt instead of keeping an idle connection: postgres-nio can
    /// leave a query waiting forever on a connection the server closed while it sat idle.
    private func acquire(stop: StopSignal) async throws -> PostgresConnection? {
        let configuration = try store.database.with(applicationName: "labledger-worker:\(projector.name)").connectionConfiguration()
        let (name, logger) = (projector.name, self.logger)
        while !stop.isSet, !Task.isCancelled {
            let connectionID = Self.connectionIDs.wrappingAdd(1, ordering: .relaxed).oldValue
            // Connecting, locking and closing all run under the deadline and closes are not
            // awaited: any of them can hang on a connection the server has just closed.
            let connection = try await withDeadline(options.lockAttemptTimeout, "the lock attempt of \(name)") {} _: {
                let connection = try await PostgresConnection.connect(
                    configuration: configuration, id: connectionID, logger: logger)
                do {
                    if try await ProjectionBook(name: name, connection: connection, logger: logger).tryLock() {
                        // A lost async commit loses the read-model rows and the checkpoint move
                        // together, so the page is simply read again: no need to wait for the WAL flush.
                        try await connection.query("SET synchronous_commit = off", logger: logger)
                        return Optional(connection)
                    }
                } catch {
                    Self.closeLater(connection)
                    throw error
                }
                Self.closeLater(connection)
                return nil
            }
            if let connection { return connection }
            try await Task.sleep(for: options.standbyInterval)
        }
        return nil
    }

    private static func closeLater(_ connection: PostgresConnection) {
        Task { try? await connection.close() }
    }

    private static let connectionIDs = Atomic<Int>(2_000_000)
}

/// A one-shot flag with callbacks, set by a graceful shutdown.
final class StopSignal: Sendable {
    private let state = Mutex<(set: Bool, callbacks: [@Sendable () -> Void])>((false, []))

    var isSet: Bool { state.withLock { $0.set } }

    func set() {
        let callbacks = state.withLock { state -> [@Sendable () -> Void] in
            state.set = true
            defer { state.callbacks = [] }
            return state.callbacks
        }
        callbacks.forEach { $0() }
    }

    func onSet(_ callback: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            if state.set { return true }
            state.callbacks.append(callback)
            return false
        }
        if now { callback() }
    }
}
