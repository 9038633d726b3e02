import EventStore
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// The store's `append` at a given concurrency: each client appends to its own stream with
/// the exact expected version, as a command handler does.
struct StoreBench {
    let config: DatabaseConfig
    let seconds: Int
    let logger: Logger

    private static let runs = Atomic<Int>(0)

    func eventsPerSecond(clients: Int, batch: Int) async throws -> Double {
        let client = PostgresClient(configuration: config.clientConfiguration(maximumConnections: clients + 2), backgroundLogger: logger)
        let store = PostgresEventStore(client: client, database: config, logger: logger)
        let run = Self.runs.wrappingAdd(1, ordering: .relaxed).oldValue
        let payload = Data(RawTable.payload.utf8)
        let seconds = self.seconds
        return try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask { await client.run(); return 0 }
            // Open every connection before the clock starts, as pgbench does.
            try await withThrowingTaskGroup(of: Void.self) { warm in
                for _ in 0..<clients { warm.addTask { try await client.query("SELECT pg_sleep(0.05)") } }
                try await warm.waitForAll()
            }
            let start = ContinuousClock.now
            let deadline = start + .seconds(seconds)
            let counts = try await withThrowingTaskGroup(of: Int.self) { clientsGroup in
                for index in 0..<clients {
                    clientsGroup.addTask {
                        let stream = "bench-\(run)-\(index)"
                        var version = 0
                        while ContinuousClock.now < deadline {
                            let events = (0..<batch).map { _ in
                                EventData(type: "OutputRegistered", data: payload, metadata: EventMetadata(actor: "bench", correlationID: "bench-run", requestID: "bench"))
                            }
                            let result = try await store.append(to: stream, expected: .exact(version), events)
                            version = result.streamVersion
                        }
                        return version
                    }
                }
                return try await clientsGroup.reduce(0, +)
            }
            let elapsed = ContinuousClock.now - start
            group.cancelAll()
            let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return Double(counts) / elapsedSeconds
        }
    }
}
