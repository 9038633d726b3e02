import Foundation
import LabLedgerAudit
import LabLedgerContract
import OpenAPIRuntime
import TransparencyLog

/// The transparency log as the auditor reads it: the public key, the signed checkpoints and
/// the proofs that tie any event and any earlier checkpoint to the newest one.
extension APIHandler {
    func getLogPublicKey(_ input: Operations.GetLogPublicKey.Input) async throws -> Operations.GetLogPublicKey.Output {
        guard let key = options.logVerifierKey else {
            throw Problem(.serviceUnavailable, code: "log-not-signed", title: "No log key",
                          detail: "This server was started without the log's key (neither the signing key nor its public key).")
        }
        return .ok(.init(body: .plainText(HTTPBody(key + "\n"))))
    }

    func getLatestCheckpoint(_ input: Operations.GetLatestCheckpoint.Input) async throws -> Operations.GetLatestCheckpoint.Output {
        _ = try Access.reader()
        guard let checkpoint = try await auditLog.latestCheckpoint() else { throw Self.noCheckpoint }
        return .ok(.init(body: .plainText(HTTPBody(checkpoint.note))))
    }

    func listCheckpoints(_ input: Operations.ListCheckpoints.Input) async throws -> Operations.ListCheckpoints.Output {
        _ = try Access.reader()
        let limit = try PageSize.parse(input.query.limit)
        let after = input.query.after ?? 0
        guard after >= 0 else { throw Problem.invalid("#query/after", code: "invalid-cursor", "after is a tree size, 0 or more.") }
        let page = try await auditLog.checkpoints(after: after, limit: limit)
        let items = page.map {
            Components.Schemas.CheckpointPage.ItemsPayloadPayload(
                treeSize: $0.size, rootHash: $0.root.base64, note: $0.note, signedAt: $0.signedAt)
        }
        return .ok(.init(body: .json(.init(items: items, next: page.count == limit ? page.last?.size : nil))))
    }

    func getInclusionProof(_ input: Operations.GetInclusionProof.Input) async throws -> Operations.GetInclusionProof.Output {
        try requireHistoryReader()
        guard let eventID = UUID(uuidString: input.path.eventId) else {
            throw Problem.invalid("#path/eventId", code: "invalid-event-id", "An event id is a UUID.")
        }
        guard let location = try await auditLog.locate(event: eventID) else {
            throw Problem.notFound("Event '\(input.path.eventId)' in the log")
        }
        let leafIndex = location.leafIndex
        let treeSize: Int64
        if let asked = input.query.treeSize {
            treeSize = asked
        } else {
            guard let latest = location.latestSigned, leafIndex < latest else {
                // Sequenced, but no checkpoint covers it yet: one will within the checkpoint interval.
                throw Problem(
                    .notFound, code: "not-yet-signed", title: "Not in a signed checkpoint yet",
                    detail: "Event '\(input.path.eventId)' is leaf \(leafIndex); the newest checkpoint does not cover it yet. Retry shortly, or pass treeSize.",
                    headers: [.retryAfter: "1"])
            }
            treeSize = latest
        }
        guard leafIndex < treeSize else {
            throw Problem.invalid(
                "#query/treeSize", code: "leaf-beyond-tree",
                "The event is leaf \(leafIndex); a tree of \(treeSize) leaves does not contain it (ask for a tree of at least \(leafIndex + 1)).")
        }
        let hashes = try await proof("#query/treeSize") { try await auditLog.inclusionProof(of: location, treeSize: treeSize) }
        return .ok(.init(body: .json(.init(leafIndex: leafIndex, treeSize: treeSize, hashes: hashes.map(\.base64)))))
    }

    func getConsistencyProof(_ input: Operations.GetConsistencyProof.Input) async throws -> Operations.GetConsistencyProof.Output {
        try requireHistoryReader()
        let (from, to) = (input.query.from, input.query.to)
        var fields = Fields()
        fields.require(from >= 1, "#query/from", code: "invalid-tree-size", "from is a tree size of at least 1.")
        fields.require(to >= from, "#query/to", code: "invalid-tree-size", "to is at least from (\(from)).")
        guard fields.ok else { throw fields.failure }
        let hashes = try await proof("#query/to") { try await auditLog.consistencyProof(from: from, to: to) }
        return .ok(.init(body: .json(.init(from: from, to: to, hashes: hashes.map(\.base64)))))
    }

    private static let noCheckpoint = Problem(
        .notFound, code: "no-checkpoint", title: "No checkpoint yet",
        detail: "The log has not signed a checkpoint yet; the sequencer signs one shortly after the first events.")

    /// A tree the log has not reached is the caller's mistake, named at `pointer`.
    private func proof(_ pointer: String, _ body: () async throws -> [LogHash]) async throws -> [LogHash] {
        do {
            return try await body()
        } catch AuditLog.Failure.beyondTree(let asked, let size) {
            throw Problem.invalid(pointer, code: "tree-too-large", "The log has \(size) leaves; a tree of \(asked) does not exist yet.")
        } catch let error as ProofRequestError {
            throw Problem.invalid(pointer, code: "invalid-tree-size", "\(error)")
        }
    }
}
