import Foundation
import LabLedgerAPI
import Testing
import TestSupport
import TransparencyLog

/// What a running LabLedger serves — its public key, signed checkpoints, events and proofs —
/// checked by Go's sumdb/note and sumdb/tlog alone: no LabLedger code computes anything Go
/// is asked to accept (the leaf data are the served events' hash and recordedAtMicros bytes).
@Suite struct GoChecksServedLogTests {
    @Test func goVerifiesTheServedCheckpointsAndProofs() async throws {
        try await APITestApp.run("audit_go", workers: false, log: true) { app in
            let admin = try await AuditAPITests.history(app, parties: 7)
            let (firstNote, first) = try await AuditAPITests.checkpoint(app, covering: 7, key: admin)
            _ = try await AuditAPITests.history(app, parties: 12, from: 7)
            let (lastNote, last) = try await AuditAPITests.checkpoint(app, covering: 19, key: admin)
            let auditor = try await app.key(.auditor)
            let key = try await app.get("/v1/audit/public-key", key: nil).text.trimmingCharacters(in: .newlines)
            let events = try #require(try await app.get("/v1/events?limit=1000", key: auditor).json["items"] as? [[String: Any]])
            let leaves = try events.map { event in
                var data = AuditAPITests.bytes(hex: try #require(event["hash"] as? String))
                withUnsafeBytes(of: Int64(try #require(event["recordedAtMicros"] as? Int)).bigEndian) { data.append(contentsOf: $0) }
                return Data(data).base64EncodedString()
            }
            var cases = TlogCheck.Cases(verifierKey: key, origin: last.origin, leaves: Array(leaves.prefix(Int(last.size))))
            cases.checkpoints = [
                .init(label: "first", valid: true, note: firstNote), .init(label: "last", valid: true, note: lastNote),
            ]
            for (index, event) in events.prefix(Int(last.size)).enumerated() {
                let id = try #require(event["eventId"] as? String)
                for size in [first.size, last.size] where Int64(index) < size {
                    let proof = try await app.get("/v1/audit/events/\(id)/inclusion?treeSize=\(size)", key: auditor)
                    cases.inclusion.append(.init(
                        label: "event \(index) in \(size)", valid: true, index: Int64(index), treeSize: size,
                        proof: proof.json["hashes"] as? [String] ?? []))
                }
            }
            let consistency = try await app.get("/v1/audit/consistency?from=\(first.size)&to=\(last.size)", key: auditor)
            let hashes = consistency.json["hashes"] as? [String] ?? []
            cases.consistency = [.init(label: "first to last", valid: true, from: first.size, to: last.size, proof: hashes)]
            // A tampered copy Go must refuse, so the run cannot pass by checking nothing.
            if var tampered = cases.inclusion.last, let hash = tampered.proof.first, var bytes = Data(base64Encoded: hash) {
                bytes[0] ^= 0x01
                tampered.valid = false
                tampered.label = "tampered"
                tampered.proof[0] = bytes.base64EncodedString()
                cases.inclusion.append(tampered)
            }
            let run = try await TlogCheck.check(cases)
            #expect(run.status == 0, "tlogcheck output:\n\(run.output)")
            #expect(run.output.split(separator: "\n").filter { $0.hasPrefix("ok ") }.count == cases.count + 1, "\(run.output)")
            #expect(cases.inclusion.count > 19)
            #expect(run.output.split(separator: "\n").filter { $0.contains("rejected as it must be") }.count == 1, "\(run.output)")
            #expect(!run.output.contains("FAIL"))
        }
    }
}
