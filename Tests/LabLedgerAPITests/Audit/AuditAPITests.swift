import Foundation
import HTTPTypes
import LabLedgerAPI
import Testing
import TransparencyLog

/// The transparency log through the API: every event gets a log index, checkpoints are signed
/// with the published key, and the proofs served verify against them.
@Suite struct AuditAPITests {
    static func party(_ slug: String) -> String {
        #"{"party":"\#(slug)","name":"Party \#(slug)","kind":"company","country":"CN"}"#
    }

    /// Writes `count` parties and waits until a signed checkpoint covers every event.
    static func history(_ app: APITestApp, parties count: Int, from first: Int = 0) async throws -> String {
        let admin = try await app.admin()
        for index in first..<(first + count) {
            let answer = try await app.post("/v1/parties", key: admin, json: party("p\(index)"))
            #expect(answer.status == .created, "\(answer.text)")
        }
        return admin
    }

    static func checkpoint(_ app: APITestApp, covering size: Int, key: String) async throws -> (note: String, checkpoint: Checkpoint) {
        let published = try await app.get("/v1/audit/public-key", key: nil)
        #expect(published.status == .ok, "\(published.text)")
        #expect(published.headers[.contentType]?.hasPrefix("text/plain") == true)
        let verifier = try NoteVerifier(verifierKey: published.text.trimmingCharacters(in: .newlines))
        for _ in 0..<600 {
            let answer = try await app.get("/v1/audit/checkpoint", key: key)
            if answer.status == .ok {
                let checkpoint = try Checkpoint.open(answer.text, verifier: verifier)
                if checkpoint.size >= size { return (answer.text, checkpoint) }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw APITestError("no checkpoint covered \(size) events within 30 s")
    }

    @Test func everyEventIsInASignedCheckpointAndItsInclusionProofVerifies() async throws {
        try await APITestApp.run("audit_inclusion", workers: false, log: true) { app in
            let admin = try await Self.history(app, parties: 13)
            let (_, checkpoint) = try await Self.checkpoint(app, covering: 13, key: admin)
            #expect(checkpoint.origin == "labledger.test/audit_inclusion")
            let auditor = try await app.key(.auditor)
            let events = try #require(try await app.get("/v1/events", key: auditor).json["items"] as? [[String: Any]])
            #expect(events.count == 13)
            #expect(events.compactMap { $0["logIndex"] as? Int } == Array(0..<13))
            for event in events {
                let id = try #require(event["eventId"] as? String)
                let proof = try await app.get("/v1/audit/events/\(id)/inclusion?treeSize=\(checkpoint.size)", key: auditor)
                #expect(proof.status == .ok, "\(proof.text)")
                let hashes = (proof.json["hashes"] as? [String] ?? []).compactMap(LogHash.init(base64:))
                let index = Int64(try #require(proof.json["leafIndex"] as? Int))
                let leaf = LogLeaf.hash(
                    eventHash: Self.bytes(hex: try #require(event["hash"] as? String)),
                    recordedAtMicroseconds: Int64(try #require(event["recordedAtMicros"] as? Int)))
                #expect(ProofVerifier.verifyInclusion(leafHash: leaf, leafIndex: index, treeSize: checkpoint.size, proof: hashes, root: checkpoint.root))
                // The same proof for another leaf must not verify: the check is not vacuous.
                #expect(!ProofVerifier.verifyInclusion(
                    leafHash: LogHash.leaf([1, 2, 3]), leafIndex: index, treeSize: checkpoint.size, proof: hashes, root: checkpoint.root))
            }
        }
    }

    @Test func anEarlierCheckpointIsConsistentWithALaterOne() async throws {
        try await APITestApp.run("audit_consistency", workers: false, log: true) { app in
            let admin = try await Self.history(app, parties: 5)
            let (_, first) = try await Self.checkpoint(app, covering: 5, key: admin)
            _ = try await Self.history(app, parties: 9, from: 5)
            let (_, second) = try await Self.checkpoint(app, covering: 14, key: admin)
            let auditor = try await app.key(.auditor)
            let proof = try await app.get("/v1/audit/consistency?from=\(first.size)&to=\(second.size)", key: auditor)
            #expect(proof.status == .ok, "\(proof.text)")
            let hashes = (proof.json["hashes"] as? [String] ?? []).compactMap(LogHash.init(base64:))
            #expect(ProofVerifier.verifyConsistency(from: first.size, to: second.size, proof: hashes, oldRoot: first.root, newRoot: second.root))
            #expect(!ProofVerifier.verifyConsistency(from: first.size, to: second.size, proof: hashes, oldRoot: second.root, newRoot: first.root))

            let all = try #require(try await app.get("/v1/audit/checkpoints", key: auditor).json["items"] as? [[String: Any]])
            let sizes = all.compactMap { $0["treeSize"] as? Int }
            #expect(sizes == sizes.sorted() && Set(sizes).count == sizes.count)
            #expect(sizes.contains(Int(first.size)) && sizes.contains(Int(second.size)))
        }
    }

    @Test func badProofRequestsArePreciseProblems() async throws {
        try await APITestApp.run("audit_bad", workers: false, log: true) { app in
            let admin = try await Self.history(app, parties: 3)
            let (_, checkpoint) = try await Self.checkpoint(app, covering: 3, key: admin)
            let auditor = try await app.key(.auditor)
            let unknown = try await app.get("/v1/audit/events/\(UUID().uuidString)/inclusion", key: auditor)
            #expect(unknown.status == .notFound)
            let malformed = try await app.get("/v1/audit/events/not-a-uuid/inclusion", key: auditor)
            #expect(malformed.status == .badRequest)
            #expect(malformed.pointers == ["#path/eventId"])
            let events = try #require(try await app.get("/v1/events", key: auditor).json["items"] as? [[String: Any]])
            let last = try #require(events.last?["eventId"] as? String)
            // Without treeSize the newest checkpoint's tree answers, read with the leaf in one query.
            let latest = try await app.get("/v1/audit/events/\(last)/inclusion", key: auditor)
            #expect(latest.status == .ok, "\(latest.text)")
            #expect(latest.json["treeSize"] as? Int == Int(checkpoint.size))
            #expect(latest.json["leafIndex"] as? Int == 2)
            let pastTheLog = try await app.get("/v1/audit/events/\(last)/inclusion?treeSize=\(checkpoint.size + 100)", key: auditor)
            #expect(pastTheLog.status == .badRequest)
            #expect(pastTheLog.pointers == ["#query/treeSize"])
            #expect(pastTheLog.text.contains("The log has \(checkpoint.size) leaves"))
            let beforeTheLeaf = try await app.get("/v1/audit/events/\(last)/inclusion?treeSize=2", key: auditor)
            #expect(beforeTheLeaf.status == .badRequest)
            #expect(beforeTheLeaf.pointers == ["#query/treeSize"])
            #expect(beforeTheLeaf.text.contains("leaf 2"))
            let beyond = try await app.get("/v1/audit/consistency?from=1&to=\(checkpoint.size + 100)", key: auditor)
            #expect(beyond.status == .badRequest)
            #expect(beyond.code == "invalid-request")
            #expect(beyond.pointers == ["#query/to"])
            let reversed = try await app.get("/v1/audit/consistency?from=3&to=2", key: auditor)
            #expect(reversed.status == .badRequest)
            #expect(reversed.pointers == ["#query/to"])
            let company = try await app.key(.company, party: "p0")
            #expect(try await app.get("/v1/audit/consistency?from=1&to=2", key: company).status == .forbidden)
            #expect(try await app.database.count() == 3)
        }
    }

    static func bytes(hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }
}
