import EventStore
import Foundation
import Logging
import PostgresNIO

/// An event a projection could not apply, parked for an operator.
public struct DeadLetter: Sendable, Codable, Equatable {
    public var projection: String
    public var generation: Int
    public var position: Int64
    public var streamID: String
    public var streamVersion: Int
    public var eventType: String
    public var error: String
    public var attempts: Int
    public var status: String
    public var parkedAt: Date

    /// The letters of the projections' live tables and of a rebuild in progress; only open ones unless `all`.
    public static func list(
        projection: String? = nil, all: Bool = false, on connection: PostgresConnection, logger: Logger
    ) async throws -> [DeadLetter] {
        let rows = try await connection.query("""
            SELECT d.projection, d.generation, d.global_position, d.stream_id, d.stream_version, d.event_type, d.error,
                   d.attempts, d.status, floor(extract(epoch FROM d.parked_at) * 1000000)::bigint
            FROM dead_letters d JOIN projections p ON p.name = d.projection
                 AND (d.generation = p.generation OR d.generation = p.rebuild_generation)
            WHERE (\(projection)::text IS NULL OR d.projection = \(projection))
              AND (\(all) OR d.status IN ('parked', 'retry'))
            ORDER BY d.projection, d.global_position
            """, logger: logger)
        var letters: [DeadLetter] = []
        for try await (name, generation, position, stream, version, type, error, attempts, status, parked) in rows.decode(
            (String, Int32, Int64, String, Int32, String, String, Int32, String, Int64).self)
        {
            letters.append(DeadLetter(
                projection: name, generation: Int(generation), position: position, streamID: stream, streamVersion: Int(version),
                eventType: type, error: error, attempts: Int(attempts), status: status,
                parkedAt: Date(timeIntervalSince1970: Double(parked) / 1_000_000)))
        }
        return letters
    }
}
