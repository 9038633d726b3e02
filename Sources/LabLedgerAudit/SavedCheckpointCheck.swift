import EventStore
import Foundation
import TransparencyLog

/// Whether the history a checkpoint saved by an auditor committed to is still the history's
/// beginning: its signature, the same root recomputed from today's events, and a consistency
/// proof from it to the newest signed checkpoint.
public struct SavedCheckpointVerdict: Sendable, Equatable, CustomStringConvertible {
    public var savedSize: Int64
    public var latestSize: Int64
    /// Nil when it holds.
    public var failure: String?

    public var description: String {
        if let failure { return "ALTERED: checkpoint of \(savedSize) leaves: \(failure)" }
        return "consistent: the \(savedSize) events of the saved checkpoint are unchanged and the log of \(latestSize) extends them"
    }
}

extension LogVerifier {
    public func verify(savedCheckpoint note: String) async throws -> SavedCheckpointVerdict {
        let saved: TransparencyLog.Checkpoint
        do {
            saved = try TransparencyLog.Checkpoint.parse(body: try verifier.open(note))
        } catch {
            return SavedCheckpointVerdict(savedSize: 0, latestSize: 0, failure: "its signature does not verify with this key: \(error)")
        }
        let log = AuditLog(client: store.client, logger: logger)
        guard let latest = try await log.latestCheckpoint() else {
            return SavedCheckpointVerdict(savedSize: saved.size, latestSize: 0, failure: "the log has no checkpoint")
        }
        var verdict = SavedCheckpointVerdict(savedSize: saved.size, latestSize: latest.size)
        do {
            let latestSigned = try TransparencyLog.Checkpoint.parse(body: try verifier.open(latest.note))
            guard latestSigned.size == latest.size, latestSigned.root == latest.root else {
                verdict.failure = "the newest checkpoint's note and row disagree"
                return verdict
            }
        } catch {
            verdict.failure = "the newest checkpoint's signature does not verify: \(error)"
            return verdict
        }
        guard saved.size <= latest.size else {
            verdict.failure = "the log's newest checkpoint has only \(latest.size) leaves"
            return verdict
        }
        let proof: [LogHash]
        do {
            proof = try await log.consistencyProof(from: saved.size, to: latest.size)
        } catch {
            verdict.failure = "no consistency proof from it to the newest checkpoint: \(error)"
            return verdict
        }
        guard ProofVerifier.verifyConsistency(from: saved.size, to: latest.size, proof: proof, oldRoot: saved.root, newRoot: latest.root) else {
            verdict.failure = "the stored log is not consistent with it (consistency proof to \(latest.size) leaves fails)"
            return verdict
        }
        // The stored tree could have been kept while the events under it were rewritten: the
        // root is also recomputed from the events themselves.
        var frontier = LogFrontier()
        var cursor = EventStore.Checkpoint.start
        while frontier.size < saved.size {
            let page = try await store.readAllDigests(after: cursor, limit: 1_000)
            guard let last = page.last else { break }
            for event in page.prefix(Int(min(Int64(page.count), saved.size - frontier.size))) { frontier.append(event.logLeaf) }
            cursor = last.checkpoint
        }
        if frontier.size < saved.size {
            verdict.failure = "the history holds only \(frontier.size) of its events"
        } else if frontier.root != saved.root {
            verdict.failure = "the events of its first \(saved.size) log indexes were rewritten (their root differs)"
        } else if let mismatch = try await store.verifyAll().firstMismatch {
            // The leaves hold the stored hashes: an event edited without its hash is found by its chain.
            verdict.failure = "\(mismatch)"
        }
        return verdict
    }
}
