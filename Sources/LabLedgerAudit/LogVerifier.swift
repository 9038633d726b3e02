import EventStore
import Foundation
import Logging
import PostgresNIO
import TransparencyLog

/// What `labledger verify` found in the log: the first place where the events, the stored
/// log and the signed checkpoints disagree, if any.
public struct LogVerificationReport: Sendable {
    public var leavesChecked: Int64 = 0
    public var checkpointsChecked = 0
    public var firstProblem: LogProblem?
}

public struct LogProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The stored leaf is not the one the event makes: the event (or the leaf) was altered.
        case leafMismatch
        /// The log entry names another event: events were removed, inserted or reordered.
        case wrongEvent(storedPosition: Int64)
        /// The log has an entry here and the history has no event left for it.
        case eventMissing(storedPosition: Int64)
        /// The history has an event the sequenced log should hold and does not.
        case entryMissing
        /// The tree recomputed from the events has another root than the signed checkpoint.
        case rootMismatch(treeSize: Int64)
        /// The checkpoint's signature does not verify with the log's key, or its note does not
        /// say what its row says.
        case badSignature(treeSize: Int64, reason: String)
        /// A checkpoint covers more leaves than the history holds events.
        case checkpointBeyondHistory(treeSize: Int64)
        /// A stored interior hash (which proofs are built from) is not the one the leaves make.
        case subtreeMismatch(level: Int, index: Int64)
        /// The log's head says more leaves than the history and the log entries hold, or has no row.
        case headMismatch(treeSize: Int64?)
    }

    public var kind: Kind
    public var logIndex: Int64
    public var globalPosition: Int64?
    public var streamID: String?
    public var eventID: UUID?

    public var description: String {
        let event = eventID.map { " event \($0.uuidString.lowercased()) (stream '\(streamID ?? "")', position \(globalPosition ?? 0))" } ?? ""
        switch kind {
        case .leafMismatch:
            return "log index \(logIndex):\(event) does not match its leaf in the log"
        case .wrongEvent(let stored):
            return "log index \(logIndex): the log holds the event at position \(stored), the history has\(event) there"
        case .eventMissing(let stored):
            return "log index \(logIndex): the log holds the event at position \(stored), which the history no longer has"
        case .entryMissing:
            return "log index \(logIndex):\(event) is missing from the log"
        case .rootMismatch(let size):
            return "checkpoint of \(size) leaves: the tree recomputed from the events has another root (the history before log index \(size) was altered; first leaf that differs from the log: \(logIndex))"
        case .badSignature(let size, let reason):
            return "checkpoint of \(size) leaves: \(reason)"
        case .checkpointBeyondHistory(let size):
            return "checkpoint of \(size) leaves: the history holds only \(logIndex) events (events were deleted)"
        case .subtreeMismatch(let level, let index):
            return "log index \(logIndex): the stored subtree \(level)/\(index) over it is not the hash of its leaves (proofs built from it would fail)"
        case .headMismatch(let size):
            guard let size else { return "the log's head row is missing" }
            return "log index \(logIndex): the log's head says \(size) leaves; the history and the log entries end here"
        }
    }
}

/// Recomputes the log from the events and checks it against the stored log and every signed
/// checkpoint, reading each in pages: memory stays constant however long the history.
public struct LogVerifier: Sendable {
    let store: PostgresEventStore
    let verifier: NoteVerifier
    let logger: Logger

    public init(store: PostgresEventStore, verifierKey: String, logger: Logger) throws {
        self.store = store
        verifier = try NoteVerifier(verifierKey: verifierKey)
        self.logger = logger
    }

    public func verify() async throws -> LogVerificationReport {
        var report = LogVerificationReport()
        guard let treeSize = try await AuditLog(client: store.client, logger: logger).storedTreeSize() else {
            report.firstProblem = LogProblem(kind: .headMismatch(treeSize: nil), logIndex: 0)
            return report
        }
        var entries = StoredEntries(store: store, logger: logger)
        var checkpoints = StoredCheckpoints(log: AuditLog(client: store.client, logger: logger))
        var nextCheckpoint = try await checkpoints.next()
        var frontier = LogFrontier()
        var cursor = EventStore.Checkpoint.start
        var firstLeafDifference: Int64?
        reading: while true {
            // The leaves need only each event's hash and recorded-at; the chains, which need the
            // data, are `PostgresEventStore.verifyAll`'s.
            let page = try await store.readAllDigests(after: cursor, limit: 1_000)
            // Every subtree this page completes inside the sequenced tree, to compare with the stored ones.
            var completed: [(id: SubtreeID, hash: LogHash, event: EventDigest)] = []
            for event in page {
                let index = frontier.size
                let leaf = event.logLeaf
                if index < treeSize {
                    let stored = try await entries.entry(at: index)
                    if let stored, stored.position != event.globalPosition {
                        report.firstProblem = LogProblem(
                            kind: .wrongEvent(storedPosition: stored.position), logIndex: index, globalPosition: event.globalPosition,
                            streamID: event.streamID, eventID: event.eventID)
                        break reading
                    }
                    if stored == nil {
                        report.firstProblem = LogProblem(
                            kind: .entryMissing, logIndex: index, globalPosition: event.globalPosition, streamID: event.streamID,
                            eventID: event.eventID)
                        break reading
                    }
                    if stored?.leaf != leaf, firstLeafDifference == nil { firstLeafDifference = index }
                }
                for subtree in frontier.append(leaf) where subtree.id.level > 0 && subtree.id.leaves.upperBound <= treeSize {
                    completed.append((subtree.id, subtree.hash, event))
                }
                report.leavesChecked = frontier.size
                while let checkpoint = nextCheckpoint, checkpoint.size == frontier.size {
                    if let problem = check(checkpoint, against: frontier.root, firstLeafDifference: firstLeafDifference, event: event) {
                        report.firstProblem = problem
                        break reading
                    }
                    report.checkpointsChecked += 1
                    nextCheckpoint = try await checkpoints.next()
                }
            }
            if let mismatch = try await firstSubtreeMismatch(completed, leavesMatch: firstLeafDifference == nil) {
                report.firstProblem = mismatch
                break reading
            }
            guard let last = page.last else { break }
            cursor = last.checkpoint
        }
        if report.firstProblem == nil, frontier.size < treeSize {
            if let stored = try await entries.entry(at: frontier.size) {
                report.firstProblem = LogProblem(kind: .eventMissing(storedPosition: stored.position), logIndex: frontier.size)
            } else {
                report.firstProblem = LogProblem(kind: .headMismatch(treeSize: treeSize), logIndex: frontier.size)
            }
        } else if report.firstProblem == nil, let checkpoint = nextCheckpoint {
            report.firstProblem = LogProblem(kind: .checkpointBeyondHistory(treeSize: checkpoint.size), logIndex: frontier.size)
        } else if report.firstProblem == nil, let index = firstLeafDifference {
            // The leaves differ but no checkpoint covers them yet: the stored log disagrees with the events.
            report.firstProblem = LogProblem(kind: .leafMismatch, logIndex: index)
        }
        return report
    }

    /// The first stored interior subtree that differs from the one the events make. Only
    /// meaningful while the leaves themselves agree (else the first leaf difference is the news).
    private func firstSubtreeMismatch(
        _ completed: [(id: SubtreeID, hash: LogHash, event: EventDigest)], leavesMatch: Bool
    ) async throws -> LogProblem? {
        guard leavesMatch, !completed.isEmpty else { return nil }
        let stored = try await store.client.withConnection { connection in
            try await LogSubtrees.read(Set(completed.map(\.id)), on: connection, logger: logger)
        }
        for subtree in completed where stored[subtree.id] != subtree.hash {
            return LogProblem(
                kind: .subtreeMismatch(level: subtree.id.level, index: subtree.id.index), logIndex: subtree.id.leaves.lowerBound,
                globalPosition: subtree.event.globalPosition, streamID: subtree.event.streamID, eventID: subtree.event.eventID)
        }
        return nil
    }

    private func check(
        _ checkpoint: AuditLog.StoredCheckpoint, against root: LogHash, firstLeafDifference: Int64?, event: EventDigest
    ) -> LogProblem? {
        do {
            let body = try verifier.open(checkpoint.note)
            let signed = try TransparencyLog.Checkpoint.parse(body: body)
            guard signed.size == checkpoint.size, signed.root == checkpoint.root else {
                return LogProblem(
                    kind: .badSignature(treeSize: checkpoint.size, reason: "the signed note says another size or root than its row"),
                    logIndex: checkpoint.size - 1)
            }
        } catch {
            return LogProblem(kind: .badSignature(treeSize: checkpoint.size, reason: "\(error)"), logIndex: checkpoint.size - 1)
        }
        guard root == checkpoint.root else {
            return LogProblem(
                kind: .rootMismatch(treeSize: checkpoint.size), logIndex: firstLeafDifference ?? checkpoint.size - 1,
                globalPosition: event.globalPosition, streamID: event.streamID, eventID: event.eventID)
        }
        return nil
    }
}

/// The stored log entries with their leaves, read forward in pages.
struct StoredEntries {
    struct Entry: Equatable {
        var position: Int64
        var leaf: LogHash?
    }

    let store: PostgresEventStore
    let logger: Logger
    private var page: [Int64: Entry] = [:]
    private var pageEnd: Int64 = 0

    init(store: PostgresEventStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    mutating func entry(at index: Int64) async throws -> Entry? {
        if index >= pageEnd || page.isEmpty {
            page = [:]
            let rows = try await store.client.query("""
                SELECT l.log_index, l.global_position, s.hash FROM log_entries l
                LEFT JOIN log_subtrees s ON s.level = 0 AND s.position = l.log_index
                WHERE l.log_index >= \(index) AND l.log_index < \(index + 1_000)
                """, logger: logger)
            for try await (logIndex, position, hash) in rows.decode((Int64, Int64, ByteBuffer?).self) {
                page[logIndex] = Entry(position: position, leaf: hash.flatMap { LogHash(bytes: $0.readableBytesView) })
            }
            pageEnd = index + 1_000
        }
        return page[index]
    }
}

/// The signed checkpoints, smallest tree first, read in pages.
struct StoredCheckpoints {
    let log: AuditLog
    private var pending: [AuditLog.StoredCheckpoint] = []
    private var after: Int64 = 0
    private var exhausted = false

    init(log: AuditLog) {
        self.log = log
    }

    mutating func next() async throws -> AuditLog.StoredCheckpoint? {
        if pending.isEmpty, !exhausted {
            pending = Array(try await log.checkpoints(after: after, limit: 1_000).reversed())
            exhausted = pending.isEmpty
            after = pending.first?.size ?? after
        }
        return pending.popLast()
    }
}
