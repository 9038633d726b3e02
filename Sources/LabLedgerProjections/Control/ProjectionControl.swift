import EventStore
import Logging
import PostgresNIO

/// What an operator asks of projections. Requests are rows the active worker picks up
/// (within its control interval), so they work whichever process holds the projection.
public enum ProjectionControl {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unknownProjection(String)
        case noOpenDeadLetter(projection: String, position: Int64?)

        public var description: String {
            switch self {
            case .unknownProjection(let name):
                "No projection named '\(name)' has run against this database."
            case .noOpenDeadLetter(let name, let position?):
                "Projection '\(name)' has no parked event at position \(position)."
            case .noOpenDeadLetter(let name, nil):
                "Projection '\(name)' has no parked events."
            }
        }
    }

    /// Asks for a rebuild into fresh tables; a no-op while one is already under way.
    public static func requestRebuild(_ projection: String, on connection: PostgresConnection, logger: Logger) async throws {
        let rows = try await connection.query("""
            UPDATE projections SET rebuild_requested_at = coalesce(rebuild_requested_at, now()),
                   rebuild_reason = coalesce(rebuild_reason, 'requested by an operator')
            WHERE name = \(projection) RETURNING 1
            """, logger: logger)
        guard try await rows.collect().count == 1 else { throw Failure.unknownProjection(projection) }
        try await wakeWorkers(on: connection, logger: logger)
    }

    /// Marks parked letters (one, or all of the projection's) for the worker to apply again.
    @discardableResult
    public static func retry(
        _ projection: String, position: Int64?, on connection: PostgresConnection, logger: Logger
    ) async throws -> Int {
        let count = try await mark(projection, position: position, status: "retry", by: nil, on: connection, logger: logger)
        try await wakeWorkers(on: connection, logger: logger)
        return count
    }

    /// Accepts the model without a parked event. The stream's later parked events stay parked.
    @discardableResult
    public static func skip(
        _ projection: String, position: Int64, by operatorName: String, on connection: PostgresConnection, logger: Logger
    ) async throws -> Int {
        try await mark(projection, position: position, status: "skipped", by: operatorName, on: connection, logger: logger)
    }

    private static func mark(
        _ projection: String, position: Int64?, status: String, by operatorName: String?, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Int {
        let rows = try await connection.query("""
            UPDATE dead_letters d SET status = \(status),
                   resolved_at = CASE WHEN \(status) = 'skipped' THEN now() END, resolved_by = \(operatorName)
            FROM projections p
            WHERE p.name = d.projection AND p.generation = d.generation AND d.projection = \(projection)
              AND d.status = 'parked' AND (\(position)::bigint IS NULL OR d.global_position = \(position))
            RETURNING 1
            """, logger: logger)
        let count = try await rows.collect().count
        guard count > 0 else { throw Failure.noOpenDeadLetter(projection: projection, position: position) }
        return count
    }

    /// Workers listen on the append channel; a ring makes them look now, not at their next poll.
    private static func wakeWorkers(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_notify(\(PostgresEventStore.notificationChannel), '')", logger: logger)
    }
}
