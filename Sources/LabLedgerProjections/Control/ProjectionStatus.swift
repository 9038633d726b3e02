import EventStore
import Foundation
import Logging
import PostgresNIO

/// One projection as its status reports it: what the API's readiness and the metrics read.
public struct ProjectionStatus: Sendable, Codable, Equatable {
    public var name: String
    public var version: Int
    public var state: ProjectionState
    public var checkpoint: Checkpoint
    public var eventsApplied: Int64
    public var generation: Int
    /// Events of its types committed after its checkpoint.
    public var lagEvents: Int64
    /// Age of the oldest of those events (0 when none).
    public var lagSeconds: Double
    public var openDeadLetters: Int
    public var worker: String?
    public var lastError: String?
    public var updatedAt: Date
    /// Set while a rebuild fills fresh tables.
    public var rebuild: Rebuild?

    public struct Rebuild: Sendable, Codable, Equatable {
        public var reason: String?
        public var version: Int?
        public var checkpoint: Checkpoint?
        public var eventsApplied: Int64
    }

    /// Every projection's status. `standby` means no session holds the projection's lock.
    public static func all(on connection: PostgresConnection, logger: Logger) async throws -> [ProjectionStatus] {
        let rows = try await connection.query("""
            SELECT p.name, p.version,
                   CASE WHEN l.pid IS NULL THEN 'standby' ELSE p.state END,
                   p.checkpoint_transaction::text, p.checkpoint_position, p.events_applied, p.generation,
                   lag.events, lag.seconds,
                   (SELECT count(*) FROM dead_letters d WHERE d.projection = p.name
                      AND (d.generation = p.generation OR d.generation = p.rebuild_generation)
                      AND d.status IN ('parked', 'retry'))::int,
                   p.worker, p.last_error, floor(extract(epoch FROM p.updated_at) * 1000000)::bigint,
                   p.rebuild_requested_at IS NOT NULL, p.rebuild_reason, p.rebuild_version,
                   p.rebuild_checkpoint_transaction::text, p.rebuild_checkpoint_position, coalesce(p.rebuild_events_applied, 0)
            FROM projections p
            LEFT JOIN pg_locks l ON l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                 AND l.classid = \(ProjectionBook.lockClass)::oid AND l.objid = p.lock_key::oid
                 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            -- A function planned without JIT (migration 0030): inline, the count's estimate
            -- made every status query compile itself, for longer than it ran.
            CROSS JOIN LATERAL projection_lag(p.event_types, p.checkpoint_transaction, p.checkpoint_position) lag
            ORDER BY p.name
            """, logger: logger)
        var statuses: [ProjectionStatus] = []
        for try await row in rows.decode(
            (String, Int32, String, String, Int64, Int64, Int32, Int64, Double, Int32, String?, String?, Int64,
             Bool, String?, Int32?, String?, Int64?, Int64).self)
        {
            let (name, version, state, transaction, position, applied, generation, lagEvents, lagSeconds, open, worker, lastError,
                 updated, rebuilding, reason, rebuildVersion, rebuildTransaction, rebuildPosition, rebuildApplied) = row
            var rebuildCheckpoint: Checkpoint?
            if let rebuildTransaction, let id = UInt64(rebuildTransaction), let rebuildPosition {
                rebuildCheckpoint = Checkpoint(transactionID: id, position: rebuildPosition)
            }
            statuses.append(ProjectionStatus(
                name: name, version: Int(version), state: ProjectionState(rawValue: state) ?? .failed,
                checkpoint: Checkpoint(transactionID: UInt64(transaction) ?? 0, position: position),
                eventsApplied: applied, generation: Int(generation), lagEvents: lagEvents, lagSeconds: lagSeconds,
                openDeadLetters: Int(open), worker: worker, lastError: lastError,
                updatedAt: Date(timeIntervalSince1970: Double(updated) / 1_000_000),
                rebuild: rebuilding
                    ? Rebuild(reason: reason, version: rebuildVersion.map(Int.init), checkpoint: rebuildCheckpoint, eventsApplied: rebuildApplied)
                    : nil))
        }
        return statuses
    }
}
