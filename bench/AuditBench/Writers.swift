import BenchSupport
import EventStore
import Foundation
import Logging
import PostgresNIO

/// What the writers write: a research output registration of typical size (the append bench's).
enum Payload {
    static let data = #"{"lab": "machine-intelligence-joint-lab", "kind": "paper", "title": "Scalable graph neural networks for molecule property prediction", "doi": "10.48550/arxiv.1811.00001", "contributors": [{"orcid": "0000-0002-1825-0097", "creditRoles": ["conceptualization", "software"]}], "affiliations": ["cuhk-shenzhen", "tencent"], "date": "2018-11-01"}"#
    static let metadata = #"{"actor": "bench", "correlationId": "bench-run", "requestId": "bench"}"#

    static func events(_ count: Int) -> [EventData] {
        let bytes = Data(data.utf8)
        return (0..<count).map { _ in
            EventData(
                type: "OutputRegistered", data: bytes,
                metadata: EventMetadata(actor: "bench", correlationID: "bench-run", requestID: "bench"))
        }
    }

    /// The raw baseline's table: `events`' columns, defaults, CHECK constraints and indexes.
    static let rawTable = "CREATE TABLE raw_events (LIKE events INCLUDING ALL)"
}

/// One append as the lag measurement needs it: when `append` returned (the commit) and the
/// global position of its last event.
struct Committed: Sendable {
    var at: ContinuousClock.Instant
    var position: Int64
}

/// `writers` concurrent loops for `seconds`, each on a client of its own pool's, as the append
/// bench drives them; answers the events per second over the whole run.
enum Writers {
    /// The store's `append`, each writer on its own stream with the exact expected version.
    static func storeAppends(
        store: PostgresEventStore, writers: Int, batch: Int, seconds: Double, tag: String
    ) async throws -> (eventsPerSecond: Double, commits: [Committed], latencies: LatencySamples) {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        let start = ContinuousClock.now
        let (events, commits, latencies) = try await withThrowingTaskGroup(of: (Int, [Committed], LatencySamples).self) { group in
            for writer in 0..<writers {
                group.addTask {
                    let stream = "lag-\(tag)-\(writer)"
                    var version = 0
                    var commits: [Committed] = []
                    var latencies = LatencySamples()
                    while ContinuousClock.now < deadline {
                        let sent = ContinuousClock.now
                        let result = try await store.append(to: stream, expected: version == 0 ? .noStream : .exact(version), Payload.events(batch))
                        let now = ContinuousClock.now
                        latencies.record(now - sent)
                        version = result.streamVersion
                        if let last = result.positions.last { commits.append(Committed(at: now, position: last)) }
                    }
                    return (version, commits, latencies)
                }
            }
            return try await group.reduce(into: (0, [Committed](), LatencySamples())) { sum, one in
                sum.0 += one.0
                sum.1 += one.1
                sum.2.merge(one.2)
            }
        }
        return (Double(events) / (ContinuousClock.now - start).seconds, commits, latencies)
    }

    /// Raw INSERTs of the same rows through the same driver (postgres-nio), no versions, hashes
    /// or idempotency: the append bench's "raw via Swift driver" baseline.
    static func rawDriverInserts(client: PostgresClient, writers: Int, batch: Int, seconds: Double, logger: Logger) async throws -> (Double, LatencySamples) {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        let start = ContinuousClock.now
        let (events, latencies) = try await withThrowingTaskGroup(of: (Int, LatencySamples).self) { group in
            for _ in 0..<writers {
                group.addTask {
                    var events = 0
                    var latencies = LatencySamples()
                    while ContinuousClock.now < deadline {
                        let ids = (0..<batch).map { _ in UUID() }
                        let data = Array(repeating: Payload.data, count: batch)
                        let metadata = Array(repeating: Payload.metadata, count: batch)
                        let sent = ContinuousClock.now
                        try await client.query("""
                            INSERT INTO raw_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at, hash)
                            SELECT gen_random_uuid()::text, 1, b.event_id, 'OutputRegistered', 1, b.data::jsonb, b.metadata::jsonb, now(),
                                   '\\x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'::bytea
                            FROM unnest(\(ids)::uuid[], \(data)::text[], \(metadata)::text[]) AS b(event_id, data, metadata)
                            """, logger: logger)
                        latencies.record(ContinuousClock.now - sent)
                        events += batch
                    }
                    return (events, latencies)
                }
            }
            return try await group.reduce(into: (0, LatencySamples())) { sum, one in
                sum.0 += one.0
                sum.1.merge(one.1)
            }
        }
        return (Double(events) / (ContinuousClock.now - start).seconds, latencies)
    }

    /// Appends until the history holds `total` events: `writers` loops, each appending a new
    /// stream of `batch` events per transaction (the fastest honest way through the store).
    static func bulkLoad(store: PostgresEventStore, total: Int, already: Int, writers: Int, batch: Int) async throws {
        let needed = max(0, total - already)
        let appends = (needed + batch - 1) / batch
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var index = writer
                    while index < appends {
                        let count = min(batch, needed - index * batch)
                        _ = try await store.append(to: "bulk-\(index)", expected: .noStream, Payload.events(count))
                        index += writers
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
