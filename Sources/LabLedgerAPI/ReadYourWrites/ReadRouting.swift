import CoreMetrics
import EventStore
import Logging
import PostgresNIO

/// What the read replica does, as metrics: which server answered each routed query, and how far
/// the replica's replay is behind.
enum ReadRouting {
    static func count(_ server: ReadServer) {
        Counter(label: "labledger_read_queries_total", dimensions: [("server", server.rawValue)]).increment()
    }

    /// Seconds since the last transaction the replica replayed, 0 while it has replayed all it
    /// received (an idle primary sends nothing, and its age is not lag); nil when the replica did
    /// not answer or is not in recovery (a promoted replica is a primary, not a lagging copy).
    static func lagSeconds(of replica: PostgresClient, logger: Logger) async throws -> Double? {
        let rows = try await replica.query("""
            SELECT pg_is_in_recovery(),
                   CASE WHEN pg_last_wal_receive_lsn() IS NULL OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                        ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END::float8
            """, logger: logger)
        for try await (recovering, lag) in rows.decode((Bool, Double).self) {
            return recovering ? max(lag, 0) : nil
        }
        return nil
    }
}
