import EventStore
import Foundation
import Logging
import PostgresNIO
import TransparencyLog

/// What the API and the tools read of the transparency log: checkpoints, log indexes and
/// proofs, each proof from the O(log n) stored subtrees it needs, in one query.
public struct AuditLog: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public struct StoredCheckpoint: Sendable, Equatable {
        public var size: Int64
        public var root: LogHash
        public var note: String
        public var signedAt: Date
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// A proof was asked for a tree larger than the log has sequenced.
        case beyondTree(asked: Int64, treeSize: Int64)
        /// A stored subtree a proof needs is missing: the log tables were altered.
        case subtreeMissing(SubtreeID)

        public var description: String {
            switch self {
            case .beyondTree(let asked, let size): "The log has \(size) leaves; a tree of \(asked) does not exist yet."
            case .subtreeMissing(let id): "The stored tree lacks subtree \(id.level)/\(id.index); run `labledger verify`."
            }
        }
    }

    /// How many events the log has sequenced.
    public func treeSize() async throws -> Int64 {
        try await storedTreeSize() ?? 0
    }

    /// The head's tree size; nil when its row is gone (the migration inserts it).
    func storedTreeSize() async throws -> Int64? {
        for try await size in try await client.query("SELECT tree_size FROM log_head", logger: logger).decode(Int64.self) {
            return size
        }
        return nil
    }

    public func latestCheckpoint() async throws -> StoredCheckpoint? {
        try await checkpoints(query: "SELECT tree_size, root_hash, note, signed_at FROM log_checkpoints ORDER BY tree_size DESC LIMIT 1").first
    }

    /// Checkpoints of trees larger than `size`, smallest first.
    public func checkpoints(after size: Int64, limit: Int) async throws -> [StoredCheckpoint] {
        let count = Int32(limit)
        return try await checkpoints(query: """
            SELECT tree_size, root_hash, note, signed_at FROM log_checkpoints WHERE tree_size > \(size)
            ORDER BY tree_size LIMIT \(count)
            """)
    }

    public func checkpoint(size: Int64) async throws -> StoredCheckpoint? {
        try await checkpoints(query: "SELECT tree_size, root_hash, note, signed_at FROM log_checkpoints WHERE tree_size = \(size)").first
    }

    private func checkpoints(query: PostgresQuery) async throws -> [StoredCheckpoint] {
        var found: [StoredCheckpoint] = []
        for try await (size, root, note, signedAt) in try await client.query(query, logger: logger)
            .decode((Int64, ByteBuffer, String, Date).self)
        {
            guard let hash = LogHash(bytes: root.readableBytesView) else { continue }
            found.append(StoredCheckpoint(size: size, root: hash, note: note, signedAt: signedAt))
        }
        return found
    }

    /// Where an event sits in the log, with what judging a proof's tree size needs, read in
    /// one round trip: an inclusion proof by event id costs two (this and the subtrees), where
    /// reading the index, the newest checkpoint and the head one by one cost four.
    public struct LeafLocation: Sendable, Equatable {
        public var leafIndex: Int64
        /// How many events the log has sequenced.
        public var sequenced: Int64
        /// The tree size of the newest signed checkpoint; nil before the first.
        public var latestSigned: Int64?
    }

    /// The event's leaf, or nil when no such event has been sequenced.
    public func locate(event id: UUID) async throws -> LeafLocation? {
        let rows = try await client.query("""
            SELECT l.log_index, h.tree_size, (SELECT max(tree_size) FROM log_checkpoints)
            FROM events e JOIN log_entries l ON l.global_position = e.global_position CROSS JOIN log_head h
            WHERE e.event_id = \(id)
            """, logger: logger)
        for try await (index, sequenced, signed) in rows.decode((Int64, Int64, Int64?).self) {
            return LeafLocation(leafIndex: index, sequenced: sequenced, latestSigned: signed)
        }
        return nil
    }

    /// The audit path of a located leaf in the tree of `treeSize` leaves, judged against what
    /// the location read (no further read of the head).
    public func inclusionProof(of location: LeafLocation, treeSize: Int64) async throws -> [LogHash] {
        if treeSize > location.sequenced { throw Failure.beyondTree(asked: treeSize, treeSize: location.sequenced) }
        return try await hashes(of: try ProofPlan.inclusion(leafIndex: location.leafIndex, treeSize: treeSize))
    }

    /// Log indexes of the events at `positions` that have been sequenced.
    public func logIndexes(positions: [Int64]) async throws -> [Int64: Int64] {
        guard !positions.isEmpty else { return [:] }
        let rows = try await client.query(
            "SELECT global_position, log_index FROM log_entries WHERE global_position = ANY(\(positions))", logger: logger)
        var indexes: [Int64: Int64] = [:]
        for try await (position, index) in rows.decode((Int64, Int64).self) { indexes[position] = index }
        return indexes
    }

    /// The RFC 9162 audit path of leaf `leafIndex` in the tree of `treeSize` leaves; throws
    /// `Failure.beyondTree` or `ProofRequestError` for trees and leaves that do not exist.
    public func inclusionProof(leafIndex: Int64, treeSize: Int64) async throws -> [LogHash] {
        try await requireSequenced(treeSize)
        return try await hashes(of: try ProofPlan.inclusion(leafIndex: leafIndex, treeSize: treeSize))
    }

    /// The RFC 9162 consistency proof from the tree of `from` leaves to the tree of `to`.
    public func consistencyProof(from: Int64, to: Int64) async throws -> [LogHash] {
        try await requireSequenced(to)
        return try await hashes(of: try ProofPlan.consistency(from: from, to: to))
    }

    func requireSequenced(_ size: Int64) async throws {
        let current = try await treeSize()
        if size > current { throw Failure.beyondTree(asked: size, treeSize: current) }
    }

    private func hashes(of ranges: [LeafRange]) async throws -> [LogHash] {
        try await client.withConnection { try await LogSubtrees.proof(ranges, on: $0, logger: logger) }
    }
}
