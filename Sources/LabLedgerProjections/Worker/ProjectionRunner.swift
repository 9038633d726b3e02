import EventStore
import Logging
import PostgresNIO
import Synchronization

/// Keeps one projection up to date for as long as it runs: takes the projection's advisory
/// lock (or stands by until it can), then reads gap-safe pages after the checkpoint and applies
/// each with the checkpoint move in one transaction. Lock, reads and writes share one
/// connection, so losing the connection loses the lock and rolls back the batch in hand
/// together; the checkpoint compare-and-set guards the rest. What to do when is decided by
/// `RunnerStateMachine` (the lock, standby, reconnects) and `ProjectionStateMachine` (pages).
struct ProjectionRunner: Sendable {
    let projector: any Projector
    let store: PostgresEventStore
    let options: ProjectionWorkerOptions
    let logger: Logger
    /// Shared by the runners of one worker process.
    let bell: CommitBell

    /// Runs until `stop` is set (graceful shutdown) or the task is cancelled.
    func run(stop: StopSignal) async {
        var machine = RunnerStateMachine(options: options)
        var action = machine.start(stopping: stop.isStopping)
        var configuration: PostgresConnection.Configuration?
        while true {
            switch action {
            case .tryLock:
                do {
                    // Kept for later attempts: building it sets up a TLS context.
                    let settings = try configuration
                        ?? store.database.with(applicationName: "labledger-worker:\(projector.name)").connectionConfiguration()
                    configuration = settings
                    let connection = try await lock(settings)
                    action = machine.lockAttempted(won: connection != nil)
                    if let connection { action = await session(on: connection, action, &machine, stop: stop) }
                } catch {
                    action = failed(error, &machine, stop: stop)
                }
            case .follow:
                preconditionFailure("a won lock is followed where its connection is at hand (session)")
            case .standBy(let interval):
                try? await Task.sleep(for: interval)
                action = machine.standbyElapsed(stopping: stop.isStopping)
            case .reconnect(let delay):
                try? await Task.sleep(for: delay)
                action = machine.reconnectDelayElapsed(stopping: stop.isStopping)
            case .stop:
                return
            }
        }
    }

    /// Follows the projection on the connection that won its lock, if the machine says so, and
    /// closes it after.
    private func session(
        on connection: PostgresConnection, _ action: RunnerStateMachine.Action, _ machine: inout RunnerStateMachine, stop: StopSignal
    ) async -> RunnerStateMachine.Action {
        defer { Self.closeLater(connection) }
        guard action == .follow else { return action }
        do {
            // Ends the session when its connection closed under a query that never answers.
            try await whileOpen(connection) { try await self.follow(on: connection, stop: stop) }
            return machine.sessionEnded(stopping: stop.isStopping)
        } catch {
            return failed(error, &machine, stop: stop)
        }
    }

    private func failed(_ error: any Error, _ machine: inout RunnerStateMachine, stop: StopSignal) -> RunnerStateMachine.Action {
        let action = machine.sessionFailed(stopping: stop.isStopping)
        guard case .reconnect = action else { return action }
        if PostgresEventStore.isConnectionFailure(error) || error is ProjectionBook.LostOwnership {
            logger.warning("projection \(projector.name): \(PostgresEventStore.describe(error)); reconnecting")
        } else {
            logger.error("projection \(projector.name) failed: \(PostgresEventStore.describe(error)); retrying")
        }
        return action
    }

    private func follow(on connection: PostgresConnection, stop: StopSignal) async throws {
        let book = ProjectionBook(name: projector.name, connection: connection, logger: logger)
        // Wake-ups come from the process's one LISTEN: the lock's connection only runs queries.
        let wakeups = store.appendListener.join()
        defer { wakeups.leave() }
        let stopWatch = stop.onSet { wakeups.wake() }
        defer { stop.forget(stopWatch) }
        let seat = bell.join { wakeups.wake() }
        defer { bell.leave(seat) }
        logger.info("projection \(projector.name): active on \(options.workerName)")
        try await ActiveProjection.follow(runner: self, book: book, wakeups: wakeups, seat: seat, stop: stop)
    }

    /// Large documents and stored answers are compressed as they are stored (TOAST). PostgreSQL's
    /// default, pglz, was 18% of the IP-asset runner's backend under 1,000 appends/s (perf,
    /// bench/README "Lag under load"); lz4 compresses the same values several times faster and
    /// is read back faster too. A server built without lz4 refuses the setting (22023) and
    /// keeps pglz; the values read the same either way.
    static func preferLZ4(on connection: PostgresConnection, logger: Logger) async throws {
        do {
            try await connection.query("SET default_toast_compression = lz4", logger: logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "22023" {
            logger.notice("This PostgreSQL has no lz4; read models are compressed with pglz")
        }
    }

    /// A connection holding the projection's lock, or nil while another worker holds it. A
    /// standby connects afresh for each attempt instead of keeping an idle connection:
    /// postgres-nio can leave a query waiting forever on a connection the server closed while it sat idle.
    private func lock(_ configuration: PostgresConnection.Configuration) async throws -> PostgresConnection? {
        let (name, logger) = (projector.name, self.logger)
        let connectionID = Self.connectionIDs.wrappingAdd(1, ordering: .relaxed).oldValue
        // Connecting, locking and closing all run under the deadline and closes are not
        // awaited: any of them can hang on a connection the server has just closed.
        return try await withDeadline(options.lockAttemptTimeout, "the lock attempt of \(name)") {} _: {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: connectionID, logger: logger)
            do {
                if try await ProjectionBook(name: name, connection: connection, logger: logger).tryLock() {
                    // A lost async commit loses the read-model rows and the checkpoint move
                    // together, so the page is simply read again: no need to wait for the WAL flush.
                    try await connection.query("SET synchronous_commit = off", logger: logger)
                    // Its statements are small and many (a page read, lookups, one write per
                    // page), but their estimates grow with the tables: past jit_above_cost each
                    // would compile itself for longer than it runs (seen on the status query,
                    // 340 ms of JIT for under 1 ms of work at 100,000 events).
                    try await connection.query("SET jit = off", logger: logger)
                    // A page of a projection that reads few event types is an ordered index
                    // scan filtered by type; over a 1,000,000-event store the planner runs it
                    // in parallel (Gather Merge, 2 workers: 240 ms a page against 156 ms
                    // serial, EXPLAIN ANALYZE 2026-12-05), starting workers for every page
                    // and taking cores the other projections' folds need.
                    try await connection.query("SET max_parallel_workers_per_gather = 0", logger: logger)
                    try await Self.preferLZ4(on: connection, logger: logger)
                    return Optional(connection)
                }
            } catch {
                Self.closeLater(connection)
                throw error
            }
            Self.closeLater(connection)
            return nil
        }
    }

    private static func closeLater(_ connection: PostgresConnection) {
        Task { try? await connection.close() }
    }

    private static let connectionIDs = Atomic<Int>(2_000_000)
}
