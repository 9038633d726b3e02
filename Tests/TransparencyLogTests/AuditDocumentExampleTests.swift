import Foundation
import Testing
import TransparencyLog

/// The worked example in docs/audit.md (computed there with Go's note and tlog packages) is
/// what LabLedger's code computes, and the document still shows it.
@Suite struct AuditDocumentExampleTests {
    static let seed = [UInt8](hex: "cf82a14f0cf2a419044be05bf2e89708645fa6c0ac26bfec63a3c31f339e4155")
    static let verifierKey = "ledger.example/log+fe5e0e42+AS8ZT0k2m4OGwCSK5W81rE+HNk7fpSYoGw7VVoOND/YH"
    static let leafData = [
        "91dcc0f10a37d8118ed2df4b9eade99854db02cae72c58ba8d107ce4560e55b2 0006176339db1240",
        "5715aeb89ab53f8444dabac5d0edd97b1c388ce47b5526ec09e8c7f4f1a24d22 0006176339e87240",
    ]
    static let leafHashes = ["1kBEERapifhjUORG5OpQTOtQiogv5/XRqihLLLpafV0=", "LLcdg2LxcmdgULyTmJB4+2TmC45cEB/MMGQquIi20us="]
    static let root = "dW299y9JnnmzZ/h5jD1oIt3UCpQDtwsZj4BaJx8n92k="
    static let note = """
        ledger.example/log
        2
        dW299y9JnnmzZ/h5jD1oIt3UCpQDtwsZj4BaJx8n92k=

        \u{2014} ledger.example/log /l4OQvDs5Q35S74fhNpBwiwNJHj+wKJ2jehyc17/PSZTi2xJYyVvObGqLAf3sxXeomtUfs4fbgR3TjeL+d72ktHZYgM=

        """

    static func document() throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/audit.md")
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test func theDocumentShowsTheseValues() throws {
        let document = try Self.document()
        for value in [Self.verifierKey, Self.root, Self.note] + Self.leafData + Self.leafHashes {
            #expect(document.contains(value), "docs/audit.md lacks \(value)")
        }
    }

    @Test func ourLeavesTreeAndKeyGiveTheDocumentsValues() throws {
        let events = (0..<2).map { index in
            LogLeaf.data(eventHash: [UInt8](hex: String(Self.leafData[index].prefix(64))),
                         recordedAtMicroseconds: [1_714_564_800_123_456, 1_714_564_801_000_000][index])
        }
        #expect(events == Self.leafData.map { [UInt8](hex: $0.replacingOccurrences(of: " ", with: "")) })
        #expect(events.map { LogHash.leaf($0).base64 } == Self.leafHashes)
        let leaves = events.map { LogHash.leaf($0) }
        #expect(MerkleTree.root(leafHashes: leaves).base64 == Self.root)
        #expect(try SubtreeStore(leaves: leaves).inclusionProof(leafIndex: 0, treeSize: 2).map(\.base64) == [Self.leafHashes[1]])
        let signer = try NoteSigner(name: "ledger.example/log", seed: Self.seed)
        #expect(signer.verifierKey == Self.verifierKey)
        let checkpoint = try Checkpoint.open(Self.note, verifier: NoteVerifier(verifierKey: Self.verifierKey))
        #expect(checkpoint.size == 2 && checkpoint.root.base64 == Self.root && checkpoint.origin == "ledger.example/log")
        #if os(Linux)
        // Deterministic Ed25519 (swift-crypto's BoringSSL backend): the very note Go signed.
        #expect(try signer.sign(checkpoint) == Self.note)
        #endif
    }
}
