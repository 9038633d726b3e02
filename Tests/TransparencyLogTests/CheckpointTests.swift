import Foundation
import Testing
import TransparencyLog

@Suite struct CheckpointTests {
    static let root = LogHash(hex: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")

    @Test func theBodyIsOriginSizeAndBase64RootOnePerLine() throws {
        let checkpoint = try Checkpoint(origin: "ledger.example/log", size: 8, root: Self.root)
        #expect(checkpoint.body == "ledger.example/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n")
    }

    @Test func aBodyParsesBackToItsCheckpoint() throws {
        for checkpoint in [
            try Checkpoint(origin: "ledger.example/log", size: 8, root: Self.root),
            try Checkpoint(origin: "ledger.example/log", size: 0, root: .empty),
            try Checkpoint(origin: "o", size: Int64.max, root: Self.root, extensions: ["x-extension 1"]),
        ] {
            #expect(try Checkpoint.parse(body: checkpoint.body) == checkpoint)
        }
    }

    @Test func aSignedCheckpointOpensWithTheVerifier() throws {
        let signer = try NoteSigner.generate(name: "ledger.example/log")
        let checkpoint = try Checkpoint(origin: "ledger.example/log", size: 8, root: Self.root)
        #expect(try Checkpoint.open(try signer.sign(checkpoint), verifier: signer.verifier) == checkpoint)
    }

    @Test func bodiesThatAreNotExactlyACheckpointAreRefused() {
        let root = Self.root.base64
        let cases: [(String, CheckpointError)] = [
            ("o\n8\n\(root)", .malformedBody),                // no final newline
            ("o\n8\n", .malformedBody),                       // no root
            ("o\n8\n\(root)\n\n", .malformedBody),            // empty extension line
            ("\n8\n\(root)\n", .malformedBody),               // empty origin
            ("o\n08\n\(root)\n", .malformedSize),             // leading zero
            ("o\n-1\n\(root)\n", .malformedSize),
            ("o\n+8\n\(root)\n", .malformedSize),
            ("o\n 8\n\(root)\n", .malformedSize),
            ("o\n9223372036854775808\n\(root)\n", .malformedSize),
            ("o\n8\n\(root.dropLast())\n", .malformedRoot),   // not base64 any more
            ("o\n8\nAAAA\n", .malformedRoot),                 // 3 bytes
            ("o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyh=\n", .malformedRoot), // non-canonical last digit
        ]
        for (body, error) in cases {
            #expect(throws: error, "\(body.debugDescription)") { try Checkpoint.parse(body: body) }
        }
    }

    @Test func originsThatAreNotOneLineAreRefused() {
        #expect(throws: CheckpointError.invalidOrigin("")) { try Checkpoint(origin: "", size: 1, root: Self.root) }
        #expect(throws: CheckpointError.invalidOrigin("a\nb")) { try Checkpoint(origin: "a\nb", size: 1, root: Self.root) }
        #expect(throws: CheckpointError.negativeSize(-1)) { try Checkpoint(origin: "a", size: -1, root: Self.root) }
    }
}
