import Foundation
import Testing
import TestSupport
import TransparencyLog

/// LabLedger's tree, proofs and signed checkpoints checked by Go's golang.org/x/mod/sumdb/note
/// and golang.org/x/mod/sumdb/tlog (Tests/Interop/tlogcheck): what an auditor with nothing but
/// the Go toolchain will run. Needs the Debian packages golang-go and golang-golang-x-mod-dev
/// (scripts/test.sh installs them); without them this fails, it does not skip.
@Suite struct GoInteropTests {
    static let origin = "ledger.example/log"

    typealias Cases = TlogCheck.Cases

    /// A log of 1,000 events with random chain hashes and times, the proofs an auditor would ask
    /// for (edges, powers of two, neighbours), and tampered copies Go must refuse.
    static func makeCases() throws -> Cases {
        var generator = SystemRandomNumberGenerator()
        let leafData: [[UInt8]] = (0..<1_000).map { index in
            let eventHash = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let recordedAt = 1_714_564_800_000_000 + Int64(index) * 1_000 + Int64.random(in: 0..<1_000, using: &generator)
            return LogLeaf.data(eventHash: eventHash, recordedAtMicroseconds: recordedAt)
        }
        let store = SubtreeStore(leaves: leafData.map { LogHash.leaf($0) })
        let size = Int64(leafData.count)
        let signer = try NoteSigner.generate(name: origin)
        var cases = Cases(verifierKey: signer.verifierKey, origin: origin, leaves: leafData.map { Data($0).base64EncodedString() })

        func checkpointNote(size: Int64) throws -> String {
            try signer.sign(Checkpoint(origin: origin, size: size, root: store.root(size: Int(size))))
        }
        for checkpointSize in [size, 1, 512, 999] {
            cases.checkpoints.append(.init(label: "size \(checkpointSize)", valid: true, note: try checkpointNote(size: checkpointSize)))
        }
        let note = try checkpointNote(size: size)
        cases.checkpoints.append(.init(label: "size line changed after signing", valid: false,
                                       note: note.replacingOccurrences(of: "\n\(size)\n", with: "\n\(size - 1)\n")))
        let impostor = try NoteSigner.generate(name: origin)
        cases.checkpoints.append(.init(label: "signed by another key of the same name", valid: false,
                                       note: try impostor.sign(Checkpoint(origin: origin, size: size, root: store.root(size: Int(size))))))
        cases.checkpoints.append(.init(label: "signed root is not the tree's", valid: false,
                                       note: try signer.sign(Checkpoint(origin: origin, size: size, root: store.root(size: Int(size) - 1)))))

        let inclusion: [(index: Int64, treeSize: Int64, label: String)] = [
            (0, size, "first leaf"), (size - 1, size, "last leaf"), (511, size, "last leaf of the left 512"),
            (512, size, "first leaf of the right part"), (777, size, "a middle leaf"), (0, 1, "the only leaf"),
            (5, 6, "last leaf of 6"), (300, 513, "in an older tree"), (998, 999, "last leaf of 999"),
        ]
        for request in inclusion {
            let proof = try store.inclusionProof(leafIndex: request.index, treeSize: request.treeSize)
            cases.inclusion.append(.init(label: "leaf \(request.index) of \(request.treeSize) (\(request.label))", valid: true,
                                         index: request.index, treeSize: request.treeSize, proof: proof.map(\.base64)))
        }
        var tampered = try store.inclusionProof(leafIndex: 777, treeSize: size)
        tampered[3] = tampered[3].flipped(byte: 17)
        cases.inclusion.append(.init(label: "leaf 777 of \(size), one proof hash changed", valid: false,
                                     index: 777, treeSize: size, proof: tampered.map(\.base64)))
        cases.inclusion.append(.init(label: "leaf 777's proof offered for leaf 776", valid: false,
                                     index: 776, treeSize: size, proof: try store.inclusionProof(leafIndex: 777, treeSize: size).map(\.base64)))

        let consistency: [(from: Int64, to: Int64)] = [
            (size - 1, size), (1, size), (2, size), (256, size), (512, size), (511, 512), (513, size), (3, 7), (999, 999), (size, size),
        ]
        for request in consistency {
            let proof = try store.consistencyProof(from: request.from, to: request.to)
            cases.consistency.append(.init(label: "\(request.from) to \(request.to)", valid: true,
                                           from: request.from, to: request.to, proof: proof.map(\.base64)))
        }
        var forked = try store.consistencyProof(from: 300, to: size)
        forked[0] = forked[0].flipped()
        cases.consistency.append(.init(label: "300 to \(size), first proof hash changed", valid: false,
                                       from: 300, to: size, proof: forked.map(\.base64)))
        return cases
    }

    @Test func goAcceptsOurCheckpointsAndProofsAndRejectsTamperedOnes() async throws {
        let cases = try Self.makeCases()
        let run = try await TlogCheck.check(cases)
        #expect(run.status == 0, "tlogcheck output:\n\(run.output)")
        let lines = run.output.split(separator: "\n")
        // Every case was checked (plus the verifier key line), and every tampered one refused
        // by Go itself, so this cannot pass on a checker that checks nothing.
        #expect(lines.filter { $0.hasPrefix("ok ") }.count == cases.count + 1, "tlogcheck output:\n\(run.output)")
        #expect(lines.filter { $0.contains("rejected as it must be") }.count == cases.invalidCount)
        #expect(cases.invalidCount >= 6)
        #expect(!run.output.contains("FAIL"))
    }

    /// The checker's own failure path: a tampered proof presented as valid makes it fail.
    @Test func goFailsTheRunWhenATamperedProofIsPresentedAsValid() async throws {
        var cases = try Self.makeCases()
        cases.checkpoints = []
        cases.consistency = []
        cases.inclusion = cases.inclusion.filter { !$0.valid }.map { tampered in
            var claimed = tampered
            claimed.valid = true
            return claimed
        }
        let run = try await TlogCheck.check(cases)
        #expect(run.status != 0)
        #expect(run.output.split(separator: "\n").filter { $0.hasPrefix("FAIL inclusion") }.count == cases.inclusion.count,
                "tlogcheck output:\n\(run.output)")
    }
}
