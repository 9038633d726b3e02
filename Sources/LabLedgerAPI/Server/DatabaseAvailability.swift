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
    private let up = Atomic<Bool>(true)

    public init(database: DatabaseConfig, interval: Duration = .seconds(1), timeout: Duration = .seconds(1), logger: Logger) {
        self.database = database
        self.interval = interval
        self.timeout = timeout
        self.logger = logger
    }

    /// False from the first failed probe until the next good one.
    public var isUp: Bool { up.load(ordering: .relaxed) }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var connection: PostgresConnection?
            while !Task.isCancelled {
                connection = await self.probe(reusing: connection)
                self.record(up: connection != nil)
                try? await Task.sleep(for: connection == nil ? self.interval / 2 : self.interval)
            }
            try? await connection?.close()
        }
    }

    /// Runs `body` unless or until the database is known to be down, and answers nil then
    /// (cancelling `body`, which releases a wait for a pooled connection).
    public func whileUp<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        guard isUp else { return nil }
        return try await withThrowingTaskGroup(of: Outcome<T>.self) { group in
            group.addTask { .finished(try await body()) }
            group.addTask {
                while self.isUp { try await Task.sleep(for: .milliseconds(100)) }
                return .databaseDown
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { return nil }
            switch first {
            case .finished(let value): return value
            case .databaseDown: return nil
            }
        }
    }

    /// `body` under `availability` when there is one, as it is otherwise.
    static func whileUp<T: Sendable>(
        _ availability: DatabaseAvailability?, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T? {
        guard let availability else { return try await body() }
        return try await availability.whileUp(body)
    }

    private enum Outcome<T: Sendable>: Sendable {
        case finished(T)
        case databaseDown
    }

    /// The open probe connection after a successful `SELECT 1` within `timeout`, or nil (and
    /// closed) otherwise.
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
            // Drained: an unread row sequence would hold the connection for the next probe.
            for try await _ in try await active.query("SELECT 1", logger: logger) {}
            return active
        }
        // A query on a connection the server dropped, or to a server that stopped answering, can
        // wait without end: the probe stops waiting at the deadline and leaves that attempt behind.
        switch await Deadline.first(of: attempt, within: timeout) {
        case .success(let active):
            return active
        case .failure(let error):
            if isUp { logger.warning("database probe failed: \(String(reflecting: error))") }
            if let connection { Task { try? await connection.close() } }
            return nil
        }
    }

    private func record(up now: Bool) {
        let before = up.exchange(now, ordering: .relaxed)
        if before && !now {
            logger.error("database unavailable: requests answer 503 until it answers again")
        } else if !before && now {
            logger.notice("database available again")
        }
    }
}
