import EventStore
import Logging
import PostgresNIO
import TransparencyLog

/// The sequencer's reads and writes, on the connection that holds its advisory lock: losing
/// the connection loses the lock and rolls back the page in hand together.
struct LogBook {
    let connection: PostgresConnection
    let logger: Logger

    /// Classid of the sequencer's advisory lock ("LG"; the projections use "LL").
    static let lockClass: Int32 = 0x4C47
    static let lockName = "log_sequencer"

    struct Head: Equatable {
        var size: Int64
        var checkpoint: EventStore.Checkpoint
    }

    struct HeadMoved: Error, CustomStringConvertible {
        var description: String { "the log was extended by another sequencer; giving it up" }
    }

    struct FrontierMismatch: Error, CustomStringConvertible {
        var size: Int64
        var description: String { "the stored subtrees do not make up a tree of \(size) leaves; run `labledger verify`" }
    }

    func tryLock() async throws -> Bool {
        var locked = false
        for try await value in try await connection.query(
            "SELECT pg_try_advisory_lock(\(Self.lockClass), hashtext(\(Self.lockName)))", logger: logger
        ).decode(Bool.self) { locked = value }
        return locked
    }

    func head() async throws -> Head {
        let rows = try await connection.query(
            "SELECT tree_size, checkpoint_transaction::text, checkpoint_position FROM log_head", logger: logger)
        for try await (size, transaction, position) in rows.decode((Int64, String, Int64).self) {
            guard let transaction = UInt64(transaction) else { throw FrontierMismatch(size: size) }
            return Head(size: size, checkpoint: EventStore.Checkpoint(transactionID: transaction, position: position))
        }
        throw HeadMissing()
    }

    struct HeadMissing: Error, CustomStringConvertible {
        var description: String { "log_head has no row (migration 0012 inserts it); the log tables were altered — run `labledger verify`" }
    }

    /// The right edge of the stored tree of `size` leaves.
    func frontier(size: Int64) async throws -> LogFrontier {
        let ids = LogFrontier.decomposition(of: size)
        let hashes = try await LogSubtrees.read(Set(ids), on: connection, logger: logger)
        let subtrees = try ids.map { id in
            guard let hash = hashes[id] else { throw FrontierMismatch(size: size) }
            return (id: id, hash: hash)
        }
        guard let frontier = LogFrontier(size: size, subtrees: subtrees) else { throw FrontierMismatch(size: size) }
        return frontier
    }

    /// Writes a page's entries and subtrees and moves the head from `previous`, in one
    /// transaction; another sequencer that moved the head first makes it fail whole.
    func write(_ append: LogAppend, resumeAt checkpoint: EventStore.Checkpoint, previous: Head) async throws {
        try await connection.query("BEGIN", logger: logger)
        do {
            if !append.entries.isEmpty {
                try await connection.query("""
                    INSERT INTO log_entries (log_index, global_position)
                    SELECT * FROM unnest(\(append.entries.map(\.logIndex))::bigint[], \(append.entries.map(\.globalPosition))::bigint[])
                    """, logger: logger)
                let levels = append.subtrees.map { Int16($0.id.level) }
                let positions = append.subtrees.map(\.id.index)
                let hashes = append.subtrees.map { ByteBuffer(bytes: $0.hash.bytes) }
                try await connection.query("""
                    INSERT INTO log_subtrees (level, position, hash)
                    SELECT * FROM unnest(\(levels)::smallint[], \(positions)::bigint[], \(hashes)::bytea[])
                    """, logger: logger)
            }
            let transaction = String(checkpoint.transactionID)
            let rows = try await connection.query("""
                UPDATE log_head SET tree_size = \(append.frontier.size), checkpoint_transaction = \(transaction)::xid8,
                       checkpoint_position = \(checkpoint.position), updated_at = now()
                WHERE tree_size = \(previous.size) RETURNING 1
                """, logger: logger)
            var moved = true
            for try await _ in rows.decode(Int.self) { moved = false }
            if moved { throw HeadMoved() }
            try await connection.query("COMMIT", logger: logger)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// The newest signed checkpoint's size and note.
    func latestCheckpoint() async throws -> (size: Int64, note: String)? {
        for try await (size, note) in try await connection.query(
            "SELECT tree_size, note FROM log_checkpoints ORDER BY tree_size DESC LIMIT 1", logger: logger
        ).decode((Int64, String).self) { return (size, note) }
        return nil
    }

    /// The consistency proof between two trees the stored subtrees hold.
    func consistencyProof(from: Int64, to: Int64) async throws -> [LogHash] {
        try await LogSubtrees.proof(try ProofPlan.consistency(from: from, to: to), on: connection, logger: logger)
    }

    struct CheckpointConflict: Error, CustomStringConvertible {
        var size: Int64
        var description: String { "a stored checkpoint of \(size) leaves has another root than the tree; run `labledger verify`" }
    }

    /// Stores a checkpoint; one of the same size stored before must have the same root (a
    /// sequencer that signed it and crashed before moving on), anything else is an alteration.
    func insertCheckpoint(size: Int64, root: LogHash, note: String) async throws {
        let rows = try await connection.query("""
            INSERT INTO log_checkpoints (tree_size, root_hash, note) VALUES (\(size), \(ByteBuffer(bytes: root.bytes)), \(note))
            ON CONFLICT (tree_size) DO NOTHING
            RETURNING 1
            """, logger: logger)
        var inserted = false
        for try await _ in rows.decode(Int.self) { inserted = true }
        if inserted { return }
        for try await stored in try await connection.query(
            "SELECT root_hash FROM log_checkpoints WHERE tree_size = \(size)", logger: logger
        ).decode(ByteBuffer.self) where Array(stored.readableBytesView) != root.bytes {
            throw CheckpointConflict(size: size)
        }
    }
}

/// Complete subtree hashes by id, in one query however many are asked for.
enum LogSubtrees {
    /// A proof's hashes: its ranges folded from the stored subtrees they need, read at once.
    static func proof(_ ranges: [LeafRange], on connection: PostgresConnection, logger: Logger) async throws -> [LogHash] {
        let stored = try await read(ProofPlan.neededSubtrees(ranges), on: connection, logger: logger)
        return try ProofPlan.hashes(ranges) { id in
            guard let hash = stored[id] else { throw AuditLog.Failure.subtreeMissing(id) }
            return hash
        }
    }

    static func read(_ ids: Set<SubtreeID>, on connection: PostgresConnection, logger: Logger) async throws -> [SubtreeID: LogHash] {
        guard !ids.isEmpty else { return [:] }
        let sorted = ids.sorted()
        let rows = try await connection.query("""
            SELECT s.level, s.position, s.hash FROM log_subtrees s
            JOIN unnest(\(sorted.map { Int16($0.level) })::smallint[], \(sorted.map(\.index))::bigint[]) AS w(level, position)
              ON s.level = w.level AND s.position = w.position
            """, logger: logger)
        var hashes: [SubtreeID: LogHash] = [:]
        for try await (level, position, bytes) in rows.decode((Int16, Int64, ByteBuffer).self) {
            if let hash = LogHash(bytes: bytes.readableBytesView) { hashes[SubtreeID(level: Int(level), index: position)] = hash }
        }
        return hashes
    }
}
