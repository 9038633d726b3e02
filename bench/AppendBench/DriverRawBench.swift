import BenchSupport
import EventStore
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Raw INSERTs of the same rows through the same Swift driver (postgres-nio) the store uses:
/// no versions, no hashes, no idempotency. Store ÷ this is what the store itself costs; this ÷
/// pgbench is what the Swift client stack costs.
struct DriverRawBench {
    let config: DatabaseConfig
    let seconds: Int
    let logger: Logger

    struct Insert: PostgresPreparedStatement {
        static let name = "bench_raw_insert"
        static let sql = """
            INSERT INTO raw_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at, hash)
            SELECT gen_random_uuid()::text, 1, b.event_id, 'OutputRegistered', 1, b.data::jsonb, b.metadata::jsonb, now(),
                   '\\x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'::bytea
            FROM unnest($1::uuid[], $2::text[], $3::text[]) AS b(event_id, data, metadata)
            """
        typealias Row = ()
        var ids: [UUID]
        var data: [String]
        var metadata: [String]

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 3)
            bindings.append(ids)
            bindings.append(data)
            bindings.append(metadata)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row {}
    }

    func measure(clients: Int, batch: Int) async throws -> ClientLoad.Measured {
        let logger = self.logger
        return try await ClientLoad.measure(
            config: config, clients: clients, seconds: seconds, logger: logger, share: { $0 }
        ) { client, _, deadline in
            var result = ClientLoad.LoopResult()
            while ContinuousClock.now < deadline {
                let insert = Insert(
                    ids: (0..<batch).map { _ in UUID() },
                    data: Array(repeating: RawTable.payload, count: batch),
                    metadata: Array(repeating: RawTable.metadata, count: batch))
                let sent = ContinuousClock.now
                _ = try await client.execute(insert, logger: logger)
                result.latencies.record(ContinuousClock.now - sent)
                result.events += batch
            }
            return result
        }
    }
}
