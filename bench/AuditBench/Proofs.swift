import BenchSupport
import EventStore
import Foundation
import LabLedgerAudit
import Logging
import PostgresNIO

/// Proofs the way the API answers them (`AuditHandlers`: the event's leaf, the head and the
/// newest checkpoint's size in one read by `AuditLog.locate`, then `AuditLog.inclusionProof(of:)`
/// for the stored subtrees; or `AuditLog.consistencyProof`), one after
/// the other on one pool, beside an indexed single-row SELECT on the same pool.
enum Proofs {
    struct Measured {
        var perSecond: Double
        var latencies: LatencySamples
    }

    static func inclusion(log: AuditLog, client: PostgresClient, count: Int, treeSize: Int64, logger: Logger) async throws -> Measured {
        var generator = SystemRandomNumberGenerator()
        let leaves = (0..<count).map { _ in Int64.random(in: 0..<treeSize, using: &generator) }
        var ids: [Int64: UUID] = [:]
        for try await (index, id) in try await client.query("""
            SELECT l.log_index, e.event_id FROM log_entries l JOIN events e ON e.global_position = l.global_position
            WHERE l.log_index = ANY(\(leaves))
            """, logger: logger).decode((Int64, UUID).self) { ids[index] = id }
        return try await timed(leaves) { leaf in
            guard let id = ids[leaf], let location = try await log.locate(event: id),
                  let latest = location.latestSigned, location.leafIndex < latest
            else { throw BenchFailure("leaf \(leaf) is not in the signed log") }
            let proof = try await log.inclusionProof(of: location, treeSize: latest)
            if proof.isEmpty, latest > 1 { throw BenchFailure("empty inclusion proof") }
        }
    }

    static func consistency(log: AuditLog, count: Int, treeSize: Int64) async throws -> Measured {
        var generator = SystemRandomNumberGenerator()
        let pairs = (0..<count).map { _ -> (Int64, Int64) in
            let to = Int64.random(in: 2...treeSize, using: &generator)
            return (Int64.random(in: 1..<to, using: &generator), to)
        }
        return try await timed(pairs) { pair in
            _ = try await log.consistencyProof(from: pair.0, to: pair.1)
        }
    }

    /// The baseline: one indexed row by primary key, the cheapest query a proof could be.
    static func singleRowSelects(client: PostgresClient, count: Int, treeSize: Int64, logger: Logger) async throws -> Measured {
        var generator = SystemRandomNumberGenerator()
        let leaves = (0..<count).map { _ in Int64.random(in: 0..<treeSize, using: &generator) }
        return try await timed(leaves) { leaf in
            var found = false
            for try await _ in try await client.query(
                "SELECT global_position FROM log_entries WHERE log_index = \(leaf)", logger: logger
            ).decode(Int64.self) { found = true }
            if !found { throw BenchFailure("log index \(leaf) is missing") }
        }
    }

    private static func timed<Item>(_ items: [Item], _ body: (Item) async throws -> Void) async throws -> Measured {
        // A few untimed rounds first: connections opened, statements' plans cached.
        for item in items.prefix(20) { try await body(item) }
        var latencies = LatencySamples()
        let start = ContinuousClock.now
        for item in items {
            let begun = ContinuousClock.now
            try await body(item)
            latencies.record(ContinuousClock.now - begun)
        }
        return Measured(perSecond: Double(items.count) / (ContinuousClock.now - start).seconds, latencies: latencies)
    }
}
