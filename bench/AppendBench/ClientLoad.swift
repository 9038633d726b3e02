import EventStore
import Foundation
import Logging
import PostgresNIO

/// Runs `clients` concurrent loops against one running PostgresClient for `seconds` and
/// answers events per second. Connections are opened before the clock starts, as pgbench does.
enum ClientLoad {
    /// `share` makes, once, what all loops use (the client itself, or one store over it); `loop`
    /// gets that, the loop's index and the deadline, and answers the events it wrote.
    static func eventsPerSecond<Shared: Sendable>(
        config: DatabaseConfig, clients: Int, seconds: Int, logger: Logger,
        share: (PostgresClient) -> Shared,
        loop: @escaping @Sendable (Shared, Int, ContinuousClock.Instant) async throws -> Int
    ) async throws -> Double {
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
            let total = try await withThrowingTaskGroup(of: Int.self) { loops in
                for index in 0..<clients { loops.addTask { try await loop(shared, index, deadline) } }
                return try await loops.reduce(0, +)
            }
            let elapsed = ContinuousClock.now - start
            return Double(total) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
    }
}
