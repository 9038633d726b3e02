import CoreMetrics
import EventStore
import LabLedgerProjections
import Logging
import PostgresNIO
import Prometheus

/// The process's Prometheus registry, which `/metrics` renders. The binary bootstraps
/// swift-metrics with it (`bootstrapMetrics()`, once per process: the metrics system takes one
/// backend for its lifetime), so Hummingbird's request counters and latency histograms and our
/// command counters land here too; without that only the gauges set below are recorded.
public enum APIMetrics {
    public static let registry = PrometheusCollectorRegistry()

    /// Makes this registry the process's metrics backend. Call once, before serving.
    public static func bootstrapMetrics() {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }

    /// Sets the gauges that are read from the database — watermark age, projection lag and
    /// open dead letters — and renders everything in the text format.
    static func scrape(store: PostgresEventStore, availability: DatabaseAvailability?, replica: ReadReplica?, logger: Logger) async -> String {
        do {
            // While the database is down the scrape answers at once with `database_up 0`.
            guard try await DatabaseAvailability.whileUp(availability, { try await databaseGauges(store: store, logger: logger) }) != nil else {
                throw DatabaseDown()
            }
            gauge("database_up", unit: "bool", "1 when the database answered the last scrape.").set(to: 1)
        } catch {
            logger.warning("metrics: database gauges unavailable: \(PostgresEventStore.describe(error))")
            gauge("database_up", unit: "bool", "1 when the database answered the last scrape.").set(to: 0)
        }
        if let replica { await replicaGauges(replica, logger: logger) }
        return registry.emitToString()
    }

    private struct DatabaseDown: Error, CustomStringConvertible {
        var description: String { "the database is down" }
    }

    private static func databaseGauges(store: PostgresEventStore, logger: Logger) async throws {
        let age = try await store.watermarkAge()
        gauge("watermark_age", unit: "seconds", "Age of the oldest running transaction, which holds the gap-safe watermark back.").set(to: age)
        let statuses = try await store.client.withConnection { try await ProjectionStatus.all(on: $0, logger: logger) }
        for status in statuses {
            let labels = [("projection", status.name)]
            gauge("projection_lag", unit: "events", "Events a projection has still to apply.", labels).set(to: Double(status.lagEvents))
            gauge("projection_lag", unit: "seconds", "Age of the oldest event a projection has still to apply.", labels).set(to: status.lagSeconds)
            gauge("projection_dead_letters", unit: "count", "Open dead letters of a projection.", labels).set(to: Double(status.openDeadLetters))
            gauge("projection_failed", unit: "bool", "1 when a projection has failed.", labels).set(to: status.state == .failed ? 1 : 0)
        }
    }

    private static func replicaGauges(_ replica: ReadReplica, logger: Logger) async {
        let up = gauge("read_replica_up", unit: "bool", "1 when the read replica answered the last scrape as a standby in recovery.")
        do {
            // Released at once when the probe finds the replica gone, as the primary's gauges are.
            let lag = try await replica.availability.whileUp { try await ReadRouting.lagSeconds(of: replica.client, logger: logger) } ?? nil
            up.set(to: lag == nil ? 0 : 1)
            if let lag { gauge("read_replica_lag", unit: "seconds", "How far the read replica's replay is behind the primary.").set(to: lag) }
        } catch {
            logger.warning("metrics: read replica unavailable: \(PostgresEventStore.describe(error))")
            up.set(to: 0)
        }
    }

    private static func gauge(_ name: String, unit: String, _ help: String, _ labels: [(String, String)] = []) -> Prometheus.Gauge {
        registry.makeGauge(descriptor: .init(namespace: "labledger", metricName: name, unitName: unit, helpText: help), labels: labels)
    }
}
