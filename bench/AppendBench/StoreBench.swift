import BenchSupport
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

    func measure(clients: Int, batch: Int) async throws -> ClientLoad.Measured {
        let payload = Data(RawTable.payload.utf8)
        return try await measure(clients: clients, batch: batch, protection: { _ in nil }) { _, _, _ in
            EventData(
                type: "OutputRegistered", data: payload,
                metadata: EventMetadata(actor: "bench", correlationID: "bench-run", requestID: "bench"))
        }
    }

    /// The same loop for any events: `event(run, client, version)` makes the event that will
    /// get `version`; `protection` is the store's, made over its client.
    func measure(
        clients: Int, batch: Int, protection: @escaping (PostgresClient) -> (any PayloadProtection)?,
        event: @escaping @Sendable (Int, Int, Int) -> EventData
    ) async throws -> ClientLoad.Measured {
        let run = Self.runs.wrappingAdd(1, ordering: .relaxed).oldValue
        let (config, logger) = (self.config, self.logger)
        return try await ClientLoad.measure(
            config: config, clients: clients, seconds: seconds, logger: logger,
            share: { PostgresEventStore(client: $0, database: config, protection: protection($0), logger: logger) }
        ) { store, index, deadline in
            let stream = "bench-\(run)-\(index)"
            var version = 0
            var result = ClientLoad.LoopResult()
            while ContinuousClock.now < deadline {
                let events = (0..<batch).map { event(run, index, version + $0 + 1) }
                let sent = ContinuousClock.now
                version = try await store.append(to: stream, expected: .exact(version), events).streamVersion
                result.latencies.record(ContinuousClock.now - sent)
            }
            result.events = version
            return result
        }
    }
}
