import BenchSupport
import EventStore
import Foundation
import Logging
import PostgresNIO

/// Runs `clients` concurrent loops against one running PostgresClient for `seconds` and
/// answers events per second and every call's latency. Connections are opened before the clock
/// starts, as pgbench does.
enum ClientLoad {
    /// What one loop did: the events it wrote and how long each of its calls took.
    struct LoopResult: Sendable {
        var events = 0
        var latencies = LatencySamples()
    }

    struct Measured: Sendable {
        var eventsPerSecond: Double
        var latencies: LatencySamples
    }

    /// `share` makes, once, what all loops use (the client itself, or one store over it); `loop`
    /// gets that, the loop's index and the deadline, and answers what it wrote.
    static func measure<Shared: Sendable>(
        config: DatabaseConfig, clients: Int, seconds: Int, logger: Logger,
        share: (PostgresClient) -> Shared,
        loop: @escaping @Sendable (Shared, Int, ContinuousClock.Instant) async throws -> LoopResult
    ) async throws -> Measured {
        let client = PostgresClient(configuration: config.clientConfiguration(maximumConnections: clients + 2), backgroundLogger: logger)
        let shared = share(client)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await withThrowingTaskGroup(of: Void.self) { warm in
                for _ in 0..<clients { warm.addTask { try await client.query("SELECT pg_sleep(0.05)") } }
                try await warm.waitForAll()
            }
            let start = ContinuousClock.now
            let deadline = start + .seconds(seconds)
            let total = try await withThrowingTaskGroup(of: LoopResult.self) { loops in
                for index in 0..<clients { loops.addTask { try await loop(shared, index, deadline) } }
                return try await loops.reduce(into: LoopResult()) { sum, one in
                    sum.events += one.events
                    sum.latencies.merge(one.latencies)
                }
            }
            let elapsed = ContinuousClock.now - start
            let rate = Double(total.events) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            return Measured(eventsPerSecond: rate, latencies: total.latencies)
        }
    }
}
