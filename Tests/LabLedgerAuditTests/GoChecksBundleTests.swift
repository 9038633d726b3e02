import EventStore
import Foundation
import LabLedgerAudit
import Testing
import TestSupport

/// Evidence bundles read by a second implementation written from docs/audit.md in Go, with
/// sumdb/note for the checkpoint and sumdb/tlog's leaf and node hashes for the tree
/// (Tests/Interop/tlogcheck/bundle.go): the format is what the documentation says, whole and
/// sparse groups alike.
@Suite struct GoChecksBundleTests {
    @Test func goProvesEveryEventOfAWholeAndOfASparseBundleAndCatchesAResealedChange() async throws {
        try await AuditWorld.run("bundle_go") { world in
            // 40 events; every fifth, of one stream, happened in January 2025, the others now.
            var dated = 0
            for index in 0..<40 {
                if index % 5 == 2 {
                    let occurred = Date(timeIntervalSince1970: 1_735_689_600 + Double(index))
                    _ = try await world.store.append(
                        to: "dated", expected: dated == 0 ? .noStream : .exact(dated),
                        [EventData(type: "Dated", data: Data(#"{"index": \#(index)}"#.utf8), occurredAt: occurred)])
                    dated += 1
                } else {
                    try await world.append("filler-\(index)", version: 1)
                }
            }
            try await world.waitForCheckpoint(covering: 40)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bundles-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let key = world.signer.verifierKey

            let whole = folder.appendingPathComponent("whole.ndjson").path
            let all = BundleRequest(fromMicros: 946_684_800_000_000, toMicros: 4_102_444_800_000_000)
            _ = try await BundleFileExport.run(exporter: world.exporter, request: all, verifierKey: key, to: whole, pageSize: 3)
            let wholeRun = try await TlogCheck.checkBundle(at: whole, verifierKey: key)
            #expect(wholeRun.status == 0, "\(wholeRun.output)")
            #expect(wholeRun.output.contains("ok   bundle: 40 events in 14 groups"), "\(wholeRun.output)")

            // January 2025 on the occurred axis: 8 events spread over the log, groups of 3.
            let sparse = folder.appendingPathComponent("sparse.ndjson").path
            let january = BundleRequest(fromMicros: 1_735_689_600_000_000, toMicros: 1_738_368_000_000_000)
            _ = try await BundleFileExport.run(exporter: world.exporter, request: january, verifierKey: key, to: sparse, pageSize: 3)
            let sparseRun = try await TlogCheck.checkBundle(at: sparse, verifierKey: key)
            #expect(sparseRun.status == 0, "\(sparseRun.output)")
            #expect(sparseRun.output.contains("ok   bundle: 8 events in 3 groups"), "\(sparseRun.output)")

            // One event's recordedAt moved by a microsecond and the file sealed again: only the
            // group's proof can tell, and both implementations do.
            var lines = try String(contentsOfFile: sparse, encoding: .utf8).split(separator: "\n").map(String.init).dropLast()
            let target = lines[4]
            let range = try #require(target.range(of: #""recordedAtMicros":"#))
            let digits = target[range.upperBound...].prefix { $0.isNumber }
            lines[4] = target.replacingOccurrences(of: #""recordedAtMicros":\#(digits)"#, with: #""recordedAtMicros":\#((Int64(digits) ?? 0) + 1)"#)
            let changed = folder.appendingPathComponent("changed.ndjson")
            try BundleReseal.sealed(Array(lines)).write(to: changed)
            let changedRun = try await TlogCheck.checkBundle(at: changed.path, verifierKey: key)
            #expect(changedRun.status == 1, "\(changedRun.output)")
            #expect(changedRun.output.contains("the checkpoint signs"), "\(changedRun.output)")
            let verdict = try BundleVerifier(outsideKey: key).verify(path: changed.path)
            #expect(!verdict.ok)
            #expect(verdict.failingLine == 7)
        }
    }
}
