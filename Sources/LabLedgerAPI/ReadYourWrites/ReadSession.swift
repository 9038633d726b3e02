import EventStore
import Logging
import PostgresNIO
import Synchronization

/// Where one request's read-model queries run: the primary's pool, or one connection of the
/// read replica leased for the request. On the replica the freshness check (its projection
/// checkpoints against the position token) and every read run on that one connection, so even
/// a balancer in front of several standbys cannot send the check to one server and the reads to
/// another. A query that fails there with a connection-level error (the replica stopping,
/// crashing or unreachable; not an SQL error of the query itself, except the standby's recovery
/// conflicts) is run once more on the
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

    // Each attempt notes itself (`QueryCount`): a query the failed replica could not answer and
    // the primary then did is two statements sent, not one.
    func query(_ query: PostgresQuery, logger: Logger) async throws -> ReadRows {
        try await run {
            QueryCount.note()
            return ReadRows(rows: try await $0.query(query, logger: logger).collect())
        } onPrimary: {
            QueryCount.note()
            return ReadRows(rows: try await self.primary.query(query, logger: logger).collect())
        }
    }

    func execute<Statement: PostgresPreparedStatement>(_ statement: Statement, logger: Logger) async throws -> [Statement.Row] {
        try await run {
            QueryCount.note()
            return try await Self.collect(try await $0.execute(statement, logger: logger))
        } onPrimary: {
            QueryCount.note()
            return try await Self.collect(try await self.primary.execute(statement, logger: logger))
        }
    }

    /// The replica was declared down: the rest of the request reads the primary, and the
    /// connection is closed, which fails a query waiting on it at once (`run` then asks the
    /// primary) instead of when TCP gives up on a silent server.
    func abandonReplica() {
        replica.withLock { connection in
            defer { connection = nil }
            connection?.close().whenComplete { _ in }
        }
    }

    private func run<T>(
        onReplica: (PostgresConnection) async throws -> T, onPrimary: () async throws -> T
    ) async throws -> T {
        if let connection = replica.withLock({ $0 }) {
            do {
                return try await onReplica(connection)
            } catch where DatabaseFailure.isConnectionFailure(error) || Self.isRecoveryConflict(error) {
                replica.withLock { $0 = nil }
                ReadRouting.countRetry()
                logger.warning("read replica: its connection failed under a query, which the primary answers: \(PostgresEventStore.describe(error))")
            }
        }
        return try await onPrimary()
    }

    /// The hot standby cancelled the query so that its replay could go on (a replayed `DROP
    /// TABLE` of a rebuild's swap, a vacuum of rows the query still needed): SQLSTATE 40001
    /// "conflict with recovery", or 57P04 when the database itself was dropped. Only on the
    /// replica: a standby runs no serializable transactions, so there 40001 cannot be the
    /// serialization failure it means on the primary (`DatabaseFailure` is left alone). The
    /// primary has no such conflict, so the query is run there.
    private static func isRecoveryConflict(_ error: any Error) -> Bool {
        guard let psql = error as? PSQLError, psql.code == .server else { return false }
        return ["40001", "57P04"].contains(psql.serverInfo?[.sqlState] ?? "")
    }

    private static func collect<S: AsyncSequence>(_ rows: S) async throws -> [S.Element] {
        var collected: [S.Element] = []
        for try await row in rows { collected.append(row) }
        return collected
    }
}

/// Where one request's replica lease stands, for the probe's `onDown` (`ReadModelQueries`):
/// waiting for a connection, holding one for the token's check, or reading through a session.
final class ReplicaLease: Sendable {
    private enum State {
        case waiting
        case leased(PostgresConnection)
        case started(ReadSession)
        case released
    }

    private let state = Mutex<(State, started: Bool)>((.waiting, false))

    /// Whether `body` began to read on the replica (then its errors are the request's own).
    var started: Bool { state.withLock { $0.started } }

    /// False when the replica was declared down first (the connection goes back unused).
    func leased(_ connection: PostgresConnection) -> Bool {
        state.withLock {
            guard case .waiting = $0.0 else { return false }
            $0.0 = .leased(connection)
            return true
        }
    }

    /// False when the replica was declared down during the check: the primary answers.
    func start(_ session: ReadSession) -> Bool {
        state.withLock {
            guard case .leased = $0.0 else { return false }
            $0 = (.started(session), true)
            return true
        }
    }

    /// The replica is down. A wait for a connection is cancelled; a connection in use is closed,
    /// since a query already sent does not heed cancellation and would wait on a silent server
    /// until TCP gave up. A started request is not cancelled: it goes on to read the primary.
    func release(cancelling task: Task<some Sendable, some Error>) {
        let before = state.withLock { state -> State in
            defer { state.0 = .released }
            return state.0
        }
        switch before {
        case .waiting:
            task.cancel()
        case .leased(let connection):
            connection.close().whenComplete { _ in }
        case .started(let session):
            session.abandonReplica()
        case .released:
            break
        }
    }
}
