import EventStore
import Foundation
import Logging
import PostgresNIO

/// Reads the read models. Every query first honours `LabLedger-Position`: it waits, bounded,
/// until the projections it reads have applied that position.
struct ReadModelQueries: Sendable {
    /// The server this value's queries run on: the primary, or the replica once
    /// `waitForPosition` chose it for the request.
    private(set) var client: PostgresClient
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
        self.client = client
        self.primary = client
        self.replica = replica
        self.logger = logger
        self.maxWait = maxWait
        self.positions = positions
    }

    private init(routedTo client: PostgresClient, from queries: ReadModelQueries) {
        self = queries
        self.client = client
    }

    /// While no listener is connected, how often a waiting query reads the table itself.
    static let unlistenedPoll = Duration.milliseconds(100)

    /// Waits until each of `projections` has a checkpoint at or past the request's position
    /// token; 503 with `Retry-After` when they do not get there within `maxWait`. Answers the
    /// queries to run the request's reads with: on the replica when one is configured and has
    /// applied the token (or there is no token), else on the primary.
    ///
    /// The wait is woken by the projection's own commit (a NOTIFY from the checkpoint's
    /// transaction, heard by the process's one listener), not by a poll; with the listener
    /// connected, a token that is already applied costs no query at all.
    func waitForPosition(_ projections: [String]) async throws -> ReadModelQueries {
        try await waitOnPrimary(projections)
        return await routed(projections)
    }

    private func routed(_ projections: [String]) async -> ReadModelQueries {
        guard let replica else { return self }
        let token = RequestScope.current.waitFor
        let up = replica.availability.isUp
        var replicaCheckpoints: [String: Checkpoint]?
        if ReplicaRoute.needsReplicaCheckpoints(token: token, replicaUp: up) {
            do {
                // nil when the probe finds the replica gone meanwhile: the primary answers then.
                let notices = try await replica.availability.whileUp { try await CheckpointListener.read(on: replica.client, logger: self.logger) }
                replicaCheckpoints = notices.map { Dictionary($0.map { ($0.projection, $0.checkpoint) }, uniquingKeysWith: { Swift.max($0, $1) }) }
            } catch {
                logger.warning("read replica: checkpoints unreadable, the primary answers: \(PostgresEventStore.describe(error))")
            }
        }
        let server = ReplicaRoute.choose(token: token, projections: projections, replicaUp: up, replicaCheckpoints: replicaCheckpoints)
        ReadRouting.count(server)
        return ReadModelQueries(routedTo: server == .replica ? replica.client : primary, from: self)
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
