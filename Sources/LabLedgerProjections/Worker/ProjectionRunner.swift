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
                    logger.warning("projection \(projector.name): \(error); reconnecting")
                } else {
                    logger.error("projection \(projector.name) failed: \(error); retrying")
                }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, options.maximumReconnectDelay)
            }
        }
    }

    private func session(stop: StopSignal) async throws {
        let configuration = try store.database.with(applicationName: "labledger-worker:\(projector.name)").connectionConfiguration()
        let connection = try await PostgresConnection.connect(
            configuration: configuration, id: Self.connectionIDs.wrappingAdd(1, ordering: .relaxed).oldValue, logger: logger)
        defer { Task { try? await connection.close() } }
        // A lost async commit loses the read-model rows and the checkpoint move together, so
        // the batch is simply read again: no reason to wait for the WAL flush.
        try await connection.query("SET synchronous_commit = off", logger: logger)
        let book = ProjectionBook(name: projector.name, connection: connection, logger: logger)
        while try await !book.tryLock() {
            if stop.isSet || Task.isCancelled { return }
            try await Task.sleep(for: options.standbyInterval)
        }
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
