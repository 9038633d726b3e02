import EventStore
import Foundation
import Logging
import PostgresNIO

/// Reads the read models. Every query first honours `LabLedger-Position`: it waits, bounded,
/// until the projections it reads have applied that position.
struct ReadModelQueries: Sendable {
    /// Where this value's queries run: the primary, or one connection of the replica once
    /// `atPosition` chose it for the request.
    private(set) var client: ReadSession
    let logger: Logger
    let maxWait: Duration
    /// Where the projections stand, kept by the process's `CheckpointListener`.
    let positions: ProjectionPositions
    /// A streaming replica of the primary (`DATABASE_READ_URL`); nil reads the primary only.
    let replica: ReadReplica?
    /// The primary, kept so that a value routed to the replica still knows where writes are
    /// (the access log: a hot standby refuses every write with SQLSTATE 25006).
    let primary: PostgresClient

    init(client: PostgresClient, replica: ReadReplica? = nil, logger: Logger, maxWait: Duration, positions: ProjectionPositions) {
        self.client = ReadSession(primary: client, logger: logger)
        self.primary = client
        self.replica = replica
        self.logger = logger
        self.maxWait = maxWait
        self.positions = positions
    }

    private init(session: ReadSession, from queries: ReadModelQueries) {
        self = queries
        self.client = session
    }

    /// While no listener is connected, how often a waiting query reads the table itself.
    static let unlistenedPoll = Duration.milliseconds(100)

    /// Waits until each of `projections` has a checkpoint at or past the request's position
    /// token; 503 with `Retry-After` when they do not get there within `maxWait`. Then runs
    /// `body` with the queries to run the request's reads with: on one connection of the
    /// replica when one is configured and has applied the token (or there is no token), else on
    /// the primary.
    ///
    /// The wait is woken by the projection's own commit (a NOTIFY from the checkpoint's
    /// transaction, heard by the process's one listener), not by a poll; with the listener
    /// connected, a token that is already applied costs no query at all.
    ///
    /// `reads` must not escape `body`: on the replica it holds a leased connection, returned to
    /// the pool when `body` returns.
    func atPosition<T: Sendable>(
        _ projections: [String], _ body: @escaping @Sendable (_ reads: ReadModelQueries) async throws -> T
    ) async throws -> T {
        try await waitOnPrimary(projections)
        guard let replica else { return try await body(self) }
        if replica.availability.isUp, case .answered(let answer) = try await onReplica(replica, projections, body) {
            return answer
        }
        ReadRouting.count(.primary)
        return try await body(self)
    }

    private enum ReplicaOutcome<T: Sendable>: Sendable {
        case answered(T)
        /// The replica has not applied the token, or could not be asked: the primary answers.
        case usePrimary
    }

    /// Leases one replica connection for the request: the token's check and every read of
    /// `body` run on it, so they reach one server whatever stands between (issue 16).
    ///
    /// The replica's probe guards all of it. A replica that stops answering without closing its
    /// connections (a partition, a frozen VM) would otherwise hold the request: a wait for a
    /// pooled connection ends only when the pool's circuit breaker trips (15 s or more), and a
    /// query already sent ignores task cancellation. So when the probe declares the replica
    /// down, a request still waiting for its connection is cancelled and the primary answers it,
    /// and a leased connection is closed, which fails the query on it at once with a
    /// connection-level error that `ReadSession` answers from the primary. The lease runs in a
    /// task of its own so that cancelling the wait does not cancel the request.
    private func onReplica<T: Sendable>(
        _ replica: ReadReplica, _ projections: [String], _ body: @escaping @Sendable (ReadModelQueries) async throws -> T
    ) async throws -> ReplicaOutcome<T> {
        let token = RequestScope.current.waitFor
        let lease = ReplicaLease()
        let queries = self
        let task = Task { () async throws -> ReplicaOutcome<T> in
            try await replica.client.withConnection { connection in
                guard lease.leased(connection) else { return .usePrimary }
                if ReplicaRoute.needsReplicaCheckpoints(token: token, replicaUp: true) {
                    // The replica's checkpoints are a read the request sent (`QueryCount`).
                    QueryCount.note()
                    let notices = try await CheckpointListener.read(on: connection, logger: queries.logger)
                    let checkpoints = Dictionary(notices.map { ($0.projection, $0.checkpoint) }, uniquingKeysWith: { Swift.max($0, $1) })
                    let server = ReplicaRoute.choose(token: token, projections: projections, replicaUp: true, replicaCheckpoints: checkpoints)
                    guard server == .replica else { return .usePrimary }
                }
                let session = ReadSession(primary: queries.primary, replica: connection, logger: queries.logger)
                guard lease.start(session) else { return .usePrimary }
                ReadRouting.count(.replica)
                return .answered(try await body(ReadModelQueries(session: session, from: queries)))
            }
        }
        let result = await withTaskCancellationHandler {
            await replica.availability.untilDown(onDown: { lease.release(cancelling: task) }) { await task.result }
        } onCancel: {
            task.cancel()
        }
        guard let result else {
            // Declared down before the lease was registered: the task has read nothing yet.
            lease.release(cancelling: task)
            _ = await task.result
            return .usePrimary
        }
        switch result {
        case .success(let outcome):
            return outcome
        case .failure(let error) where !lease.started && !Task.isCancelled:
            // No connection, the checkpoints unreadable, or the outage ended the wait: nothing
            // was read yet, so the primary answers the whole request. A request cancelled by its
            // own caller is not answered at all.
            logger.warning("read replica: not usable for this query, the primary answers: \(PostgresEventStore.describe(error))")
            return .usePrimary
        case .failure(let error):
            throw error
        }
    }

    private func waitOnPrimary(_ projections: [String]) async throws {
        guard let target = RequestScope.current.waitFor else { return }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: maxWait)
        while true {
            let live = positions.isLive
            if !live {
                // No listener is connected (starting, reconnecting, or none runs in this process):
                // read the table, as the listener would.
                positions.deliver(try await CheckpointListener.read(on: primary, logger: logger), from: .recheck)
            }
            let remaining = clock.now.duration(to: deadline)
            let slice = live ? remaining : min(remaining, Self.unlistenedPoll)
            switch await positions.wait(for: target, projections: projections, timeout: max(slice, .zero)) {
            case .alreadyReached, .notification, .recheck:
                return
            case .cancelled:
                throw CancellationError()
            case .timedOut:
                guard clock.now < deadline else {
                    throw Problem(
                        .serviceUnavailable, code: "read-model-lagging", title: "Read models have not caught up",
                        detail: "The read models (\(projections.joined(separator: ", "))) have not applied position \(target) within \(maxWait); retry shortly.",
                        headers: [.retryAfter: "1"])
                }
            }
        }
    }
}
