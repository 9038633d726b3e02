import EventStore
import Logging
import PostgresNIO
import Synchronization

/// Where one request's read-model queries run: the primary's pool, or one connection of the
/// read replica leased for the request. On the replica the freshness check (its projection
/// checkpoints against the position token) and every read run on that one connection, so even
/// a balancer in front of several standbys cannot send the check to one server and the reads to
/// another. A query that fails there with a connection-level error (the replica stopping,
/// crashing or unreachable; not an SQL error of the query itself) is run once more on the
/// primary, which has applied the token already (`waitOnPrimary`), and the rest of the request
/// reads the primary: its replica connection is gone.
final class ReadSession: Sendable {
    let primary: PostgresClient
    /// The leased replica connection while it works; nil reads the primary.
    private let replica: Mutex<PostgresConnection?>
    private let logger: Logger

    init(primary: PostgresClient, replica: PostgresConnection? = nil, logger: Logger) {
        self.primary = primary
        self.replica = Mutex(replica)
        self.logger = logger
    }

    func query(_ query: PostgresQuery, logger: Logger) async throws -> ReadRows {
        try await run {
            ReadRows(rows: try await $0.query(query, logger: logger).collect())
        } onPrimary: {
            ReadRows(rows: try await self.primary.query(query, logger: logger).collect())
        }
    }

    func execute<Statement: PostgresPreparedStatement>(_ statement: Statement, logger: Logger) async throws -> [Statement.Row] {
        try await run {
            try await Self.collect(try await $0.execute(statement, logger: logger))
        } onPrimary: {
            try await Self.collect(try await self.primary.execute(statement, logger: logger))
        }
    }

    private func run<T>(
        onReplica: (PostgresConnection) async throws -> T, onPrimary: () async throws -> T
    ) async throws -> T {
        if let connection = replica.withLock({ $0 }) {
            do {
                return try await onReplica(connection)
            } catch where DatabaseFailure.isConnectionFailure(error) {
                replica.withLock { $0 = nil }
                ReadRouting.countRetry()
                logger.warning("read replica: its connection failed under a query, which the primary answers: \(PostgresEventStore.describe(error))")
            }
        }
        return try await onPrimary()
    }

    private static func collect<S: AsyncSequence>(_ rows: S) async throws -> [S.Element] {
        var collected: [S.Element] = []
        for try await row in rows { collected.append(row) }
        return collected
    }
}
