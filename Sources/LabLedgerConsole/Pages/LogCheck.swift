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
    struct Verdict: Sendable {
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
        guard let oldest, oldest.treeSize < latest.size, let oldRoot = LogHash(base64: oldest.rootHash) else {
            result.verdicts.append(Verdict(check: "Consistency with the oldest checkpoint", ok: true, detail: "the newest checkpoint is the only one"))
            return result
        }
        let proof = try await api.read(as: principal, requestID: Console.requestID()) {
            try await $0.getConsistencyProof(.init(query: .init(from: oldest.treeSize, to: latest.size)))
        }.ok.body.json
        let hashes = proof.hashes.compactMap(LogHash.init(base64:))
        let consistent = hashes.count == proof.hashes.count
            && ProofVerifier.verifyConsistency(from: oldest.treeSize, to: latest.size, proof: hashes, oldRoot: oldRoot, newRoot: latest.root)
        result.verdicts.append(Verdict(
            check: "Consistency with the oldest checkpoint", ok: consistent,
            detail: consistent
                ? "tree size \(oldest.treeSize) is a prefix of tree size \(latest.size)"
                : "the proof from tree size \(oldest.treeSize) to \(latest.size) does not verify"))
        return result
    }

    private func text(_ body: HTTPBody) async throws -> String {
        try await String(collecting: body, upTo: 1 << 20)
    }
}
