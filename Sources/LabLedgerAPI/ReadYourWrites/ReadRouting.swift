import CoreMetrics
import EventStore
import Logging
import PostgresNIO
import Prometheus

/// What the read replica does, as metrics: which server answered each routed query, the queries
/// retried on the primary after the replica's connection failed, and how far the replica's replay
/// is behind.
enum ReadRouting {
    static func count(_ server: ReadServer) {
        Counter(label: "labledger_read_queries_total", dimensions: [("server", server.rawValue)]).increment()
    }

    /// A query sent to the replica failed there with a connection-level error or a recovery
    /// conflict and was run again on the primary (`ReadSession`). On the registry itself, not through swift-metrics, so it is
    /// recorded whether or not the process bootstrapped the metrics system (tests do not).
    static func countRetry() {
        retries().increment()
    }

    /// The retry counter, made (at 0) when the replica is configured so that `/metrics` shows it
    /// from the start, as docs/api.md says, not only after the first retry.
    @discardableResult
    static func retries() -> Prometheus.Counter {
        APIMetrics.registry.makeCounter(descriptor: .init(
            namespace: "labledger", metricName: "read_replica_retries", unitName: "total",
            helpText: "Read-model queries that failed on the replica with a connection-level error or a recovery conflict and were run again on the primary."))
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
