import Foundation
import LabLedgerAPI
import LabLedgerContract
import OpenAPIRuntime
import TransparencyLog

/// "Verify now": what an auditor's own client would check, using only the API's answers —
/// the newest checkpoint's signature against the log's public key, and the consistency proof
/// from the oldest signed checkpoint to it (the log only grew, nothing was rewritten). The
/// proof and signature checks are TransparencyLog's, the same code `labledger verify` runs.
struct LogCheck: Sendable {
    struct Verdict: Sendable, Equatable {
        let check: String
        let ok: Bool
        let detail: String
    }

    struct Result: Sendable {
        var note: String?
        var treeSize: Int64?
        var rootHash: String?
        var verdicts: [Verdict] = []
        var message = ""
        var verified: Bool { !verdicts.isEmpty && verdicts.allSatisfy(\.ok) }
    }

    let api: InProcessAPI
    let principal: Principal

    func run() async throws -> Result {
        var result = Result()
        let note: String
        do {
            note = try await text(try await api.read(as: principal, requestID: Console.requestID()) {
                try await $0.getLatestCheckpoint(.init()).ok.body.plainText
            })
        } catch let problem as Problem where problem.status == .notFound || problem.status == .serviceUnavailable {
            result.message = problem.detail
            return result
        }
        result.note = note
        let key: String
        do {
            key = try await text(try await api.read(as: principal, requestID: Console.requestID()) {
                try await $0.getLogPublicKey(.init()).ok.body.plainText
            }).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch let problem as Problem {
            result.message = problem.detail
            return result
        }
        let latest: TransparencyLog.Checkpoint
        do {
            let verifier = try NoteVerifier(verifierKey: key)
            latest = try TransparencyLog.Checkpoint.open(note, verifier: verifier)
            result.verdicts.append(Verdict(check: "Signature of the newest checkpoint", ok: true, detail: "signed by \(key.split(separator: "+").first ?? "")"))
        } catch {
            result.verdicts.append(Verdict(check: "Signature of the newest checkpoint", ok: false, detail: "\(error)"))
            return result
        }
        result.treeSize = latest.size
        result.rootHash = latest.root.base64
        let oldest = try await api.read(as: principal, requestID: Console.requestID()) {
            try await $0.listCheckpoints(.init(query: .init(limit: 1)))
        }.ok.body.json.items.first
        let oldRoot: LogHash
        let oldSize: Int64
        switch Self.judgeOldest(treeSize: oldest?.treeSize, rootHash: oldest?.rootHash, latestSize: latest.size, latestRoot: latest.root) {
        case .settled(let verdict):
            result.verdicts.append(verdict)
            return result
        case .prove(let size, let root):
            oldSize = size
            oldRoot = root
        }
        let proof = try await api.read(as: principal, requestID: Console.requestID()) {
            try await $0.getConsistencyProof(.init(query: .init(from: oldSize, to: latest.size)))
        }.ok.body.json
        let hashes = proof.hashes.compactMap(LogHash.init(base64:))
        let consistent = hashes.count == proof.hashes.count
            && ProofVerifier.verifyConsistency(from: oldSize, to: latest.size, proof: hashes, oldRoot: oldRoot, newRoot: latest.root)
        result.verdicts.append(Verdict(
            check: "Consistency with the oldest checkpoint", ok: consistent,
            detail: consistent
                ? "tree size \(oldSize) is a prefix of tree size \(latest.size)"
                : "the proof from tree size \(oldSize) to \(latest.size) does not verify"))
        return result
    }

    /// What the oldest signed checkpoint says before any proof is fetched: either a verdict
    /// already (the same checkpoint as the newest, or a contradiction), or the old root a
    /// consistency proof must lead from.
    enum OldestJudgement: Sendable, Equatable {
        case settled(Verdict)
        case prove(fromSize: Int64, oldRoot: LogHash)
    }

    static let consistencyCheck = "Consistency with the oldest checkpoint"

    /// Pure: no I/O. `treeSize`/`rootHash` are the oldest listed checkpoint's (nil when the
    /// list came back empty although a newest checkpoint exists — itself a contradiction).
    static func judgeOldest(treeSize: Int64?, rootHash: String?, latestSize: Int64, latestRoot: LogHash) -> OldestJudgement {
        guard let treeSize, let rootHash else {
            return .settled(Verdict(check: consistencyCheck, ok: false, detail: "the log lists no checkpoint although it serves a newest one"))
        }
        guard let oldRoot = LogHash(base64: rootHash) else {
            return .settled(Verdict(check: consistencyCheck, ok: false, detail: "the oldest checkpoint's root hash does not decode"))
        }
        if treeSize > latestSize {
            return .settled(Verdict(check: consistencyCheck, ok: false, detail: "the oldest checkpoint (tree size \(treeSize)) is larger than the newest (tree size \(latestSize)): the log shrank"))
        }
        if treeSize == latestSize {
            return oldRoot == latestRoot
                ? .settled(Verdict(check: consistencyCheck, ok: true, detail: "the newest checkpoint is the only one"))
                : .settled(Verdict(check: consistencyCheck, ok: false, detail: "two checkpoints of tree size \(treeSize) have different roots: the log was rewritten"))
        }
        return .prove(fromSize: treeSize, oldRoot: oldRoot)
    }

    private func text(_ body: HTTPBody) async throws -> String {
        try await String(collecting: body, upTo: 1 << 20)
    }
}
