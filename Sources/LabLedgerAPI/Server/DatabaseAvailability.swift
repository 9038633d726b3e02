import EventStore
import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// Whether the database answers, known without waiting for it.
///
/// A request that needs the database and finds the pool empty waits for a connection for as
/// long as the database is away: during a 20 s stop, requests, `/ready` and `/metrics` hung for
/// 20 s. This service probes the database every `interval` on a connection of its own (the
/// pool's waiters are what must not hang), with `timeout` for connecting and answering. While
/// the last probe failed, requests are refused at once with 503, and requests already waiting
/// are released with 503 as soon as a probe fails.
public final class DatabaseAvailability: Service, Sendable {
    private let database: DatabaseConfig
    private let interval: Duration
    private let timeout: Duration
    private let logger: Logger
    /// What the log lines call the server and what happens while it is down.
    private let name: String
    private let whileDown: String
    private let up = Atomic<Bool>(true)
    private let running = Mutex(Running())

    public init(
        database: DatabaseConfig, interval: Duration = .seconds(1), timeout: Duration = .seconds(1), logger: Logger,
        name: String = "database", whileDown: String = "requests answer 503"
    ) {
        self.database = database
        self.interval = interval
        self.timeout = timeout
        self.logger = logger
        self.name = name
        self.whileDown = whileDown
    }

    /// False from the second failed probe in a row until the next good one: one probe that
    /// misses its deadline on a loaded machine must not turn every request away.
    public var isUp: Bool { up.load(ordering: .relaxed) }

    static let failuresBeforeDown = 2

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var connection: PostgresConnection?
            var failures = 0
            while !Task.isCancelled {
                connection = await self.probe(reusing: connection)
                failures = connection == nil ? failures + 1 : 0
                self.record(up: failures < Self.failuresBeforeDown)
                // A failure is confirmed (or cleared) quickly; a healthy database is asked less often.
                try? await Task.sleep(for: failures > 0 ? self.interval / 4 : self.interval)
            }
            try? await connection?.close()
        }
    }

    /// Runs `body` unless or until the database is known to be down, and answers nil then.
    ///
    /// `body` runs in a task of its own, which is awaited before this returns: callers rely on
    /// that (the gate hands it a non-escaping `next`). When the database is declared down, every
    /// such task is cancelled at once (a wait for a pooled connection ends then; a query already
    /// sent ends when its connection fails) and, if it still finishes with an answer, that
    /// answer wins: a command that committed is never reported as a 503. Cancelling the caller
    /// cancels `body` too.
    ///
    /// Costs one task and a registration per call: no timer and no polling (an earlier version
    /// ran a second child task per request that checked the state every 100 ms).
    public func whileUp<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        guard isUp else { return nil }
        // Unstructured so that the outage can cancel it without cancelling the caller's own task
        // (a connection's); it inherits priority and task-local values, and is awaited below.
        let task = Task { try await body() }
        guard let ticket = running.withLock({ $0.register { task.cancel() } }) else {
            // Declared down between the check above and the registration.
            task.cancel()
            return (try? await task.value)
        }
        let result = await withTaskCancellationHandler {
            await task.result
        } onCancel: {
            task.cancel()
        }
        let released = running.withLock { !$0.unregister(ticket) }
        switch result {
        case .success(let value):
            return value
        case .failure where released:
            return nil
        case .failure(let error):
            throw error
        }
    }

    /// Runs `body` in the caller's task with `onDown` registered: the probe calls it (once) if
    /// the database is declared down before `body` returns. Nil, without running `body`, while
    /// the database is down. Unlike `whileUp` nothing is cancelled here: `onDown` chooses what
    /// to end (the read replica's routing closes a leased connection rather than cancel a task
    /// that must go on to ask the primary).
    public func untilDown<T>(onDown: @escaping @Sendable () -> Void, _ body: () async throws -> T) async rethrows -> T? {
        guard isUp, let ticket = running.withLock({ $0.register(onDown) }) else { return nil }
        defer { _ = running.withLock { $0.unregister(ticket) } }
        return try await body()
    }

    /// `body` under `availability` when there is one, as it is otherwise.
    static func whileUp<T: Sendable>(
        _ availability: DatabaseAvailability?, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T? {
        guard let availability else { return try await body() }
        return try await availability.whileUp(body)
    }

    /// The calls of `whileUp` in flight, each by the cancellation of its task; emptied (and
    /// each cancelled) when the database is declared down. While it is down nothing registers.
    private struct Running: ~Copyable {
        var down = false
        var next: UInt64 = 0
        var cancellations: [UInt64: @Sendable () -> Void] = [:]

        /// A ticket for `unregister`, or nil while the database is down.
        mutating func register(_ cancel: @escaping @Sendable () -> Void) -> UInt64? {
            guard !down else { return nil }
            next &+= 1
            cancellations[next] = cancel
            return next
        }

        /// False when the outage released (cancelled) it first.
        mutating func unregister(_ ticket: UInt64) -> Bool {
            cancellations.removeValue(forKey: ticket) != nil
        }

        /// Marks the state and answers the cancellations to run (outside the lock) when it went down.
        mutating func mark(up: Bool) -> [@Sendable () -> Void] {
            down = !up
            guard !up else { return [] }
            defer { cancellations.removeAll() }
            return Array(cancellations.values)
        }
    }

    /// The open probe connection after a successful `SELECT 1` within `timeout`, or nil (and
    /// closed, whether it answered late or not at all) otherwise.
    private func probe(reusing connection: PostgresConnection?) async -> PostgresConnection? {
        let database = database, timeout = timeout, logger = logger
        let attempt = Task { () throws -> PostgresConnection in
            let active: PostgresConnection
            if let connection {
                active = connection
            } else {
                var configuration = try database.connectionConfiguration()
                configuration.options.connectTimeout = TimeAmount(timeout)
                active = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            }
            do {
                // Drained: an unread row sequence would hold the connection for the next probe.
                for try await _ in try await active.query("SELECT 1", logger: logger) {}
            } catch {
                await Self.closeQuietly(active)
                throw error
            }
            return active
        }
        // A query on a connection the server dropped, or to a server that stopped answering, can
        // wait without end: the probe stops waiting at the deadline and leaves that attempt behind.
        do {
            return try await withDeadline(timeout, "the \(name) probe", onTimeout: { attempt.cancel() }) { try await attempt.value }
        } catch {
            if isUp { logger.warning("\(name) probe failed: \(String(reflecting: error))") }
            // Whatever the abandoned attempt ends with is closed, a late connection included.
            Task {
                if let late = try? await attempt.value { await Self.closeQuietly(late) }
                if let connection { await Self.closeQuietly(connection) }
            }
            return nil
        }
    }

    private static func closeQuietly(_ connection: PostgresConnection) async {
        do { try await connection.close() } catch {}
    }

    private func record(up now: Bool) {
        let before = up.exchange(now, ordering: .relaxed)
        // Calls in flight are released at once when the database goes down.
        for cancel in running.withLock({ $0.mark(up: now) }) { cancel() }
        if before && !now {
            logger.error("\(name) unavailable: \(whileDown) until it answers again")
        } else if !before && now {
            logger.notice("\(name) available again")
        }
    }
}
