import Crypto
import EventStore
import Foundation
import LabLedgerAudit
import Synchronization
import Testing
import TestSupport
import TransparencyLog

/// Evidence bundles exported from a sequenced history on PostgreSQL and checked offline: every
/// change to the file is caught and named, an interrupted export resumes to the same bytes, and
/// the filters select exactly what they say.
@Suite struct EvidenceBundleTests {
    /// 2000-01-01 to 2100-01-01.
    static let everything = BundleRequest(fromMicros: 946_684_800_000_000, toMicros: 4_102_444_800_000_000)

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bundles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func export(_ world: AuditWorld, _ request: BundleRequest = everything, to path: String) async throws -> BundleManifest {
        try await BundleFileExport.run(exporter: world.exporter, request: request, verifierKey: world.signer.verifierKey, to: path)
    }

    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test func anExportedBundleVerifiesOfflineWithTheLogsKey() async throws {
        try await AuditWorld.run("bundle_ok") { world in
            try await world.appendStory()
            try await world.waitForCheckpoint(covering: 8)
            let path = try Self.folder().appendingPathComponent("b.ndjson").path
            let manifest = try await Self.export(world, to: path)
            #expect(manifest.events == 8)
            #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
            let verdict = try BundleVerifier(outsideKey: world.signer.verifierKey).verify(path: path)
            #expect(verdict.ok, "\(verdict)")
            #expect(verdict.eventsChecked == 8)
            #expect(verdict.checkedWithOutsideKey)
            let alone = try BundleVerifier(outsideKey: nil).verify(path: path)
            #expect(alone.ok)
            #expect(!alone.checkedWithOutsideKey)
            #expect(alone.description.contains("proves nothing by itself"))
            // The eight event lines, then one proof line for the group (pages of 4,000), the
            // end line and the final newline.
            let lines = try Self.lines(path)
            let events = lines.dropFirst(3).dropLast(3)
            #expect(events.count == 8)
            #expect(events.allSatisfy { $0.hasPrefix(#"{"type":"event","#) && !$0.contains("proof") })
            #expect(lines[lines.count - 3].hasPrefix(#"{"type":"proof","events":8,"hashes":["#))
            #expect(manifest.version == 2)
        }
    }

    @Test func oneChangedByteOfAnEventLineFailsNamingThatEvent() async throws {
        try await AuditWorld.run("bundle_byte") { world in
            try await world.appendStory()
            try await world.waitForCheckpoint(covering: 8)
            let path = try Self.folder().appendingPathComponent("b.ndjson").path
            _ = try await Self.export(world, to: path)
            var lines = try Self.lines(path)
            // Line 8 is the fifth event (b2 in the interleaved story): "fact 2" becomes "fact 7".
            let target = lines[7]
            let id = try #require(target.range(of: #""eventId":""#).map { String(target[$0.upperBound...].prefix(36)) })
            #expect(target.contains("fact 2"))
            lines[7] = target.replacingOccurrences(of: "fact 2", with: "fact 7")
            try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
            let verdict = try BundleVerifier(outsideKey: world.signer.verifierKey).verify(path: path)
            #expect(!verdict.ok)
            #expect(verdict.failingLine == 8)
            #expect(verdict.failingEventID == id)
            #expect(verdict.description.contains(id))
            #expect(verdict.description.contains("hash does not match"))
        }
    }

    @Test func aChangedRecordedAtFailsTheInclusionProof() async throws {
        try await AuditWorld.run("bundle_recorded") { world in
            try await world.appendStory()
            try await world.waitForCheckpoint(covering: 8)
            let path = try Self.folder().appendingPathComponent("b.ndjson").path
            _ = try await Self.export(world, to: path)
            var lines = try Self.lines(path)
            let target = lines[5]
            let range = try #require(target.range(of: #""recordedAtMicros":"#))
            let digits = target[range.upperBound...].prefix { $0.isNumber }
            let changed = String((Int64(digits) ?? 0) + 1)
            lines[5] = target.replacingOccurrences(of: #""recordedAtMicros":\#(digits)"#, with: #""recordedAtMicros":\#(changed)"#)
            try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
            let verdict = try BundleVerifier(outsideKey: world.signer.verifierKey).verify(path: path)
            // Only the group's proof can catch it: the failure is the proof line (after the
            // eight events), naming the group from its first event.
            #expect(verdict.failingLine == 12)
            #expect(verdict.description.contains("the proof of the 8 events from line 4"))
            #expect(verdict.description.contains("does not lead to the checkpoint's root"))
        }
    }

    @Test func aTruncatedBundleFails() async throws {
        try await AuditWorld.run("bundle_truncate") { world in
            try await world.appendStory()
            try await world.waitForCheckpoint(covering: 8)
            let folder = try Self.folder()
            let path = folder.appendingPathComponent("b.ndjson").path
            _ = try await Self.export(world, to: path)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let lines = try Self.lines(path)
            // Whole lines removed from the end (the end line and the proof line): no seal.
            let cutAtLine = folder.appendingPathComponent("cut-line.ndjson").path
            try Data(lines.dropLast(3).joined(separator: "\n").utf8 + [0x0A]).write(to: URL(fileURLWithPath: cutAtLine))
            let atLine = try BundleVerifier(outsideKey: world.signer.verifierKey).verify(path: cutAtLine)
            #expect(!atLine.ok)
            #expect(atLine.description.contains("truncated"))
            // Cut in the middle of a line.
            let cutMidLine = folder.appendingPathComponent("cut-mid.ndjson").path
            try bytes.prefix(bytes.count - 200).write(to: URL(fileURLWithPath: cutMidLine))
            let midLine = try BundleVerifier(outsideKey: world.signer.verifierKey).verify(path: cutMidLine)
            #expect(!midLine.ok)
            // An event line removed and the rest kept: its group's proof line counts it.
            let dropped = folder.appendingPathComponent("dropped.ndjson").path
            var shorter = lines
            shorter.remove(at: 4)
            try shorter.joined(separator: "\n").write(toFile: dropped, atomically: true, encoding: .utf8)
            let droppedVerdict = try BundleVerifier(outsideKey: world.signer.verifierKey).verify(path: dropped)
            #expect(!droppedVerdict.ok)
            #expect(droppedVerdict.description.contains("covers 8 events; the 7 events from line 4"))
            // The proof line removed: the events are not proved.
            let unproved = folder.appendingPathComponent("unproved.ndjson").path
            var noProof = lines
            noProof.remove(at: lines.count - 3)
            try noProof.joined(separator: "\n").write(toFile: unproved, atomically: true, encoding: .utf8)
            let unprovedVerdict = try BundleVerifier(outsideKey: world.signer.verifierKey).verify(path: unproved)
            #expect(!unprovedVerdict.ok)
            #expect(unprovedVerdict.failingLine == 4)
            #expect(unprovedVerdict.description.contains("followed by no proof line"))
            // A line added after the proof line and sealed anew still fails: the seal is not
            // what proves the events.
            let added = folder.appendingPathComponent("added.ndjson").path
            var more = Array(lines.dropLast(2))
            more.append(lines[3])
            try BundleReseal.sealed(more).write(to: URL(fileURLWithPath: added))
            let addedVerdict = try BundleVerifier(outsideKey: world.signer.verifierKey).verify(path: added)
            #expect(!addedVerdict.ok)
            #expect(addedVerdict.description.contains("log indexes must increase"))
        }
    }

    @Test func anEventLineNotInItsCanonicalFormOrAChangedManifestFails() async throws {
        try await AuditWorld.run("bundle_canonical") { world in
            try await world.appendStory()
            try await world.waitForCheckpoint(covering: 8)
            let folder = try Self.folder()
            let path = folder.appendingPathComponent("b.ndjson").path
            _ = try await Self.export(world, to: path)
            let lines = Array(try Self.lines(path).dropLast(2))
            // The same values, other bytes: a field added, a character escaped another way.
            // Resealed, so only the canonical form can tell.
            for (name, edit) in [
                ("field added", { (line: String) in line.replacingOccurrences(of: #""type":"event","#, with: #""type":"event","note":"x","#) }),
                ("escape", { (line: String) in line.replacingOccurrences(of: "fact", with: #"f\u0061ct"#) }),
            ] {
                var edited = lines
                edited[5] = edit(lines[5])
                #expect(edited[5] != lines[5])
                let file = folder.appendingPathComponent("\(name).ndjson")
                try BundleReseal.sealed(edited).write(to: file)
                let verdict = try BundleVerifier(outsideKey: world.signer.verifierKey).verify(path: file.path)
                #expect(verdict.failingLine == 6, "\(name): \(verdict)")
                #expect(verdict.description.contains("not the canonical encoding"), "\(name): \(verdict)")
            }
            // A field added to the manifest, and not resealed: only the seal can tell.
            var manifest = lines
            manifest[0] = lines[0].replacingOccurrences(of: #"{"axis""#, with: #"{"approvedBy":"someone","axis""#)
            #expect(manifest[0] != lines[0])
            let file = folder.appendingPathComponent("manifest.ndjson")
            let endLine = try #require(try Self.lines(path).dropLast().last)
            try Data((manifest.joined(separator: "\n") + "\n" + endLine + "\n").utf8).write(to: file)
            let verdict = try BundleVerifier(outsideKey: world.signer.verifierKey).verify(path: file.path)
            #expect(!verdict.ok)
            #expect(verdict.description.contains("SHA-256 does not match the lines it seals"), "\(verdict)")
        }
    }

    @Test func anOutsideKeyThatDidNotSignTheCheckpointFails() async throws {
        try await AuditWorld.run("bundle_key") { world in
            try await world.appendStory()
            try await world.waitForCheckpoint(covering: 8)
            let path = try Self.folder().appendingPathComponent("b.ndjson").path
            _ = try await Self.export(world, to: path)
            let other = try CheckpointSigner(
                origin: world.signer.origin, key: Curve25519.Signing.PrivateKey(),
                record: SignedTreeRecord(url: Self.folder().appendingPathComponent("other.signed")))
            let verdict = try BundleVerifier(outsideKey: other.verifierKey).verify(path: path)
            #expect(!verdict.ok)
            #expect(verdict.failingLine == 3)
            #expect(verdict.description.contains("--public-key"))
        }
    }

    @Test func aResumedExportIsByteForByteTheUninterruptedOne() async throws {
        try await AuditWorld.run("bundle_resume") { world in
            try await world.appendStory()
            try await world.waitForCheckpoint(covering: 8)
            let folder = try Self.folder()
            let whole = folder.appendingPathComponent("whole.ndjson").path
            _ = try await Self.export(world, to: whole)
            let expected = try Data(contentsOf: URL(fileURLWithPath: whole))
            // The log grows before the export is resumed: the resumed one keeps its checkpoint.
            try await world.append("grant-d", version: 1, count: 3)
            try await world.waitForCheckpoint(covering: 11)
            let lines = try Self.lines(whole)
            let headerBytes = lines.prefix(3).map { $0.utf8.count + 1 }.reduce(0, +)
            let fiveEvents = lines.prefix(8).map { $0.utf8.count + 1 }.reduce(0, +)
            for (name, cut) in [("mid-event", fiveEvents + 17), ("after-header", headerBytes), ("before-end", expected.count - lines[lines.count - 2].utf8.count - 1)] {
                let path = folder.appendingPathComponent("\(name).ndjson").path
                try expected.prefix(cut).write(to: URL(fileURLWithPath: path + ".partial"))
                _ = try await Self.export(world, to: path)
                let resumed = try Data(contentsOf: URL(fileURLWithPath: path))
                #expect(resumed == expected, "\(name): resumed bundle differs")
            }
            // A fresh export now is proved against the newer checkpoint.
            let fresh = folder.appendingPathComponent("fresh.ndjson").path
            let manifest = try await Self.export(world, to: fresh)
            #expect(manifest.treeSize >= 11)
            #expect(manifest.events == 11)
            await #expect(throws: BundleFileExport.Failure.outputExists(fresh)) { try await Self.export(world, to: fresh) }
        }
    }

    @Test func aResumedExportKeepsOnlyWholeGroupsAndEndsByteForByteTheUninterruptedOne() async throws {
        try await AuditWorld.run("bundle_resume_groups") { world in
            try await world.appendStory()
            try await world.waitForCheckpoint(covering: 8)
            let folder = try Self.folder()
            let whole = folder.appendingPathComponent("whole.ndjson").path
            // Groups of 3: events 1-3, proof, events 4-6, proof, events 7-8, proof.
            _ = try await BundleFileExport.run(
                exporter: world.exporter, request: Self.everything, verifierKey: world.signer.verifierKey, to: whole, pageSize: 3)
            let expected = try Data(contentsOf: URL(fileURLWithPath: whole))
            let lines = try Self.lines(whole)
            #expect(lines[6].hasPrefix(#"{"type":"proof","events":3,"#) && lines[10].hasPrefix(#"{"type":"proof","events":3,"#))
            // Cut after every whole line and in the middle of every line, the end line's too:
            // the last cut is the whole file, which is only renamed.
            var offsets: [Int] = []
            var end = 0
            for line in lines.dropLast() {
                offsets.append(end + line.utf8.count / 2)
                end += line.utf8.count + 1
                offsets.append(end)
            }
            #expect(offsets.last == expected.count)
            for cut in offsets {
                let path = folder.appendingPathComponent("cut-\(cut).ndjson").path
                try expected.prefix(cut).write(to: URL(fileURLWithPath: path + ".partial"))
                let resumedFrom = Mutex<Int64>(-1)
                _ = try await BundleFileExport.run(
                    exporter: world.exporter, request: Self.everything, verifierKey: world.signer.verifierKey, to: path, pageSize: 3
                ) { progress in resumedFrom.withLock { $0 = progress.resumedFrom } }
                #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == expected, "cut at byte \(cut)")
                // Only events whose proof line was whole are kept.
                let kept = String(decoding: expected.prefix(cut), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                let wholeProofs = kept.dropLast().filter { $0.hasPrefix(#"{"type":"proof","#) }.count
                // The whole file is renamed without a run, so no progress is reported.
                let expectedFrom: Int64 = cut == expected.count ? -1 : Int64(min(8, wholeProofs * 3))
                #expect(resumedFrom.withLock { $0 } == expectedFrom, "cut at byte \(cut)")
            }
        }
    }

    /// A bundle as version 1 wrote it (an audit path in every event line, the seal over every
    /// byte), made from this log per that format: `verify --bundle` still reads it, and refuses
    /// either version's lines under the other's manifest.
    @Test func aVersionOneBundleStillVerifiesAndTheVersionsDoNotMix() async throws {
        try await AuditWorld.run("bundle_v1") { world in
            try await world.appendStory()
            try await world.waitForCheckpoint(covering: 8)
            let folder = try Self.folder()
            let path = folder.appendingPathComponent("v2.ndjson").path
            let manifest = try await Self.export(world, to: path)
            let lines = Array(try Self.lines(path).dropLast(2))
            let events = lines.filter { $0.hasPrefix(#"{"type":"event","#) }
            let proofLines = lines.filter { $0.hasPrefix(#"{"type":"proof","#) }
            var old = manifest
            old.version = 1
            old.groupSize = nil
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let oldManifest = String(decoding: try encoder.encode(old), as: UTF8.self)
            #expect(!oldManifest.contains("groupSize"))
            let log = AuditLog(client: world.store.client, logger: TestCluster.logger)
            var withPaths: [String] = []
            for line in events {
                let range = try #require(line.range(of: #""logIndex":"#))
                let index = try #require(Int64(line[range.upperBound...].prefix { $0.isNumber }))
                let path = try await log.inclusionProof(leafIndex: index, treeSize: manifest.treeSize)
                withPaths.append(String(line.dropLast()) + #","proof":[\#(path.map { "\"\($0.base64)\"" }.joined(separator: ","))]}"#)
            }
            let key = world.signer.verifierKey
            func verdict(_ name: String, _ data: Data) throws -> BundleVerdict {
                let file = folder.appendingPathComponent(name)
                try data.write(to: file)
                return try BundleVerifier(outsideKey: key).verify(path: file.path)
            }
            let v1 = try verdict("v1.ndjson", BundleReseal.sealed([oldManifest, lines[1], lines[2]] + withPaths, version: 1))
            #expect(v1.ok && v1.eventsChecked == 8, "\(v1)")
            // One audit path changed: version 1 still checks every event's own path.
            var changed = withPaths
            changed[4] = changed[4].replacingOccurrences(of: #""proof":[""#, with: #""proof":["A"#)
            let broken = try verdict("v1-broken.ndjson", BundleReseal.sealed([oldManifest, lines[1], lines[2]] + changed, version: 1))
            #expect(broken.failingLine == 8 && broken.description.contains("inclusion proof"), "\(broken)")
            // Version 1's lines under a version-2 manifest (resealed the version-2 way).
            let mixedNew = try verdict("mixed-2.ndjson", BundleReseal.sealed([lines[0], lines[1], lines[2]] + withPaths + proofLines))
            #expect(mixedNew.failingLine == 4 && mixedNew.description.contains("not the canonical encoding"), "\(mixedNew)")
            // Version 2's lines under a version-1 manifest (resealed the version-1 way).
            let mixedOld = try verdict("mixed-1.ndjson", BundleReseal.sealed([oldManifest, lines[1], lines[2]] + events + proofLines, version: 1))
            #expect(mixedOld.failingLine == 4 && mixedOld.description.contains("inclusion proof"), "\(mixedOld)")
        }
    }

    @Test func aGroupShorterThanTheManifestsGroupSizeMustBeTheLast() async throws {
        try await AuditWorld.run("bundle_groups") { world in
            try await world.appendStory()
            try await world.waitForCheckpoint(covering: 8)
            let folder = try Self.folder()
            let path = folder.appendingPathComponent("b.ndjson").path
            _ = try await BundleFileExport.run(
                exporter: world.exporter, request: Self.everything, verifierKey: world.signer.verifierKey, to: path, pageSize: 3)
            let lines = Array(try Self.lines(path).dropLast(2))
            #expect(lines[0].contains(#""groupSize":3"#))
            // Groups of 3, 3 and 2 as written; the manifest saying 4 makes the first too short
            // with more after it, and saying 2 makes it too long.
            for (size, failure) in [(4, "only the last may be"), (2, "more than the manifest's groupSize (2)")] {
                var edited = lines
                edited[0] = lines[0].replacingOccurrences(of: #""groupSize":3"#, with: #""groupSize":\#(size)"#)
                let file = folder.appendingPathComponent("size-\(size).ndjson")
                try BundleReseal.sealed(edited).write(to: file)
                let verdict = try BundleVerifier(outsideKey: world.signer.verifierKey).verify(path: file.path)
                #expect(!verdict.ok && verdict.description.contains(failure), "\(size): \(verdict)")
            }
            // The period as written must be the one checked.
            var period = lines
            period[0] = lines[0].replacingOccurrences(of: #""from":"2000-01-01"#, with: #""from":"2024-01-01"#)
            #expect(period[0] != lines[0])
            let file = folder.appendingPathComponent("period.ndjson")
            try BundleReseal.sealed(period).write(to: file)
            let verdict = try BundleVerifier(outsideKey: world.signer.verifierKey).verify(path: file.path)
            #expect(verdict.failingLine == 1 && verdict.description.contains("do not spell"), "\(verdict)")
        }
    }

    @Test func everyGroupSizeGivesTheSameEventLinesAndVerifies() async throws {
        try await AuditWorld.run("bundle_pages") { world in
            try await world.appendStory()
            try await world.waitForCheckpoint(covering: 8)
            let folder = try Self.folder()
            let path = folder.appendingPathComponent("whole.ndjson").path
            _ = try await Self.export(world, to: path)
            let eventLines = try Self.lines(path).filter { $0.hasPrefix(#"{"type":"event","#) }
            #expect(eventLines.count == 8)
            // A group per page. 1 and 3: pages with a read-ahead each time; 4 and 8: the last
            // page full, then an empty one; 9: all in the first page.
            for pageSize in [1, 3, 4, 8, 9] {
                let plan = try await world.exporter.plan(Self.everything, verifierKey: world.signer.verifierKey, groupSize: pageSize)
                let stream = BundleStream(exporter: world.exporter, plan: plan)
                var bytes: [UInt8] = []
                while let chunk = try await stream.next() { bytes += chunk }
                let grouped = folder.appendingPathComponent("pages-\(pageSize).ndjson").path
                try Data(bytes).write(to: URL(fileURLWithPath: grouped))
                let lines = try Self.lines(grouped)
                #expect(lines.filter { $0.hasPrefix(#"{"type":"event","#) } == eventLines, "pages of \(pageSize)")
                let groups = lines.filter { $0.hasPrefix(#"{"type":"proof","#) }
                #expect(groups.count == (8 + pageSize - 1) / pageSize, "pages of \(pageSize)")
                let verdict = try BundleVerifier(outsideKey: world.signer.verifierKey).verify(path: grouped)
                #expect(verdict.ok && verdict.eventsChecked == 8, "pages of \(pageSize): \(verdict)")
            }
        }
    }

    @Test func thePeriodSelectsByTheChosenAxis() async throws {
        try await AuditWorld.run("bundle_period") { world in
            // Milliseconds apart at the edges: exact through a `Date`.
            let days = ["2024-12-31T23:59:59.999Z", "2025-01-01T00:00:00Z", "2025-01-31T23:59:59.999Z", "2025-02-01T00:00:00Z"]
            for (version, day) in days.enumerated() {
                let occurred = Date(timeIntervalSince1970: Double(BundleTime.parse(day) ?? 0) / 1_000_000)
                _ = try await world.store.append(
                    to: "dated", expected: version == 0 ? .noStream : .exact(version),
                    [EventData(type: "Dated", data: Data(#"{"day": "\#(day)"}"#.utf8), occurredAt: occurred)])
            }
            try await world.waitForCheckpoint(covering: 4)
            let folder = try Self.folder()
            let january = BundleRequest(fromMicros: try #require(BundleTime.parse("2025-01-01")), toMicros: try #require(BundleTime.parse("2025-02-01")))
            let path = folder.appendingPathComponent("jan.ndjson").path
            let manifest = try await Self.export(world, january, to: path)
            #expect(manifest.events == 2)
            let lines = try Self.lines(path)
            #expect(lines[3].contains("2025-01-01T00:00:00Z"))
            #expect(lines[4].contains("2025-01-31T23:59:59.999Z"))
            #expect(try BundleVerifier(outsideKey: world.signer.verifierKey).verify(path: path).ok)
            // Recorded now: nothing of 2025 was recorded in January 2025, everything today.
            var recorded = january
            recorded.axis = .recorded
            let none = try await Self.export(world, recorded, to: folder.appendingPathComponent("rec.ndjson").path)
            #expect(none.events == 0)
        }
    }

    @Test func thePartyFilterSelectsExactlyThePartysStreams() async throws {
        try await AuditWorld.run("bundle_party") { world in
            try await world.appendStory()
            try await world.append("party-acme", version: 1)
            try await world.append("asset-x", version: 1, count: 2)
            try await world.append("round-r1", version: 1)
            try await world.append("round-r2", version: 1)
            try await world.waitForCheckpoint(covering: 13)
            // The read models' rows as the projections would write them: acme's own stream, a
            // party to agreement grant-a and to asset-x; grant-b and grant-c are others'.
            try await world.tamper("""
                INSERT INTO directory_parties (stream_id, party_id, name, kind, country, stream_version, updated_position)
                VALUES ('party-acme', 'acme', 'Acme', 'company', 'CN', 1, 1), ('party-other', 'other', 'Other', 'company', 'CN', 1, 1)
                """)
            try await world.tamper("""
                INSERT INTO directory_agreement_parties (stream_id, agreement_id, lab_id, party_id, role, position)
                VALUES ('grant-a', 'a', 'lab', 'acme', 'sponsor', 1), ('grant-b', 'b', 'lab', 'other', 'sponsor', 1)
                """)
            try await world.tamper("INSERT INTO ip_asset_parties (stream_id, asset_id, party_id, roles) VALUES ('asset-x', 'x', 'acme', '{owner}')")
            // acme applied to round r1 of a lab it is not a member of; r2 is another startup's.
            try await world.tamper("""
                INSERT INTO round_startups (stream_id, round_id, lab_id, startup_id, status, applied_on)
                VALUES ('round-r1', 'r1', 'lab', 'acme', 'applied', '2018-09-01'), ('round-r2', 'r2', 'lab', 'other', 'applied', '2018-09-01')
                """)
            let path = try Self.folder().appendingPathComponent("acme.ndjson").path
            var request = Self.everything
            request.party = "acme"
            let manifest = try await Self.export(world, request, to: path)
            #expect(manifest.streams == ["asset-x", "grant-a", "party-acme", "round-r1"])
            #expect(manifest.events == 7)
            let streams = try Self.lines(path).dropFirst(3).dropLast(2).compactMap { line in
                line.range(of: #""stream":""#).map { String(line[$0.upperBound...].prefix { $0 != "\"" }) }
            }
            #expect(streams == ["grant-a", "grant-a", "grant-a", "party-acme", "asset-x", "asset-x", "round-r1"])
            #expect(try BundleVerifier(outsideKey: world.signer.verifierKey).verify(path: path).ok)
            request.party = "nobody"
            await #expect(throws: BundleExportError.unknownParty("nobody")) {
                try await Self.export(world, request, to: path + ".nobody")
            }
        }
    }
}

/// Times as bundles write and read them, exact to the microsecond.
@Suite struct BundleTimeTests {
    @Test func datesAndTimestampsParseToExactMicroseconds() {
        #expect(BundleTime.parse("1970-01-01") == 0)
        #expect(BundleTime.parse("2025-01-01") == 1_735_689_600_000_000)
        #expect(BundleTime.parse("2025-01-01T08:00:00+08:00") == 1_735_689_600_000_000)
        #expect(BundleTime.parse("2025-01-01T00:00:00.000001Z") == 1_735_689_600_000_001)
        #expect(BundleTime.parse("2024-02-29T12:00:00.5Z") == BundleTime.parse("2024-02-29").map { $0 + 43_200_500_000 })
    }

    @Test func malformedTimesAreRefused() {
        for text in ["", "2025-13-01", "2025-02-30", "2023-02-29", "2025-01-01T24:00:00Z", "2025-01-01T00:00:00", "2025-01-01T00:00:00.1234567Z", "01/01/2025", "2025-01-01 00:00:00Z"] {
            #expect(BundleTime.parse(text) == nil, "\(text)")
        }
    }

    @Test func formattingRoundTrips() {
        for micros: Int64 in [0, 1, 1_735_689_600_000_001, 951_782_400_123_456, -1] {
            #expect(BundleTime.parse(BundleTime.format(micros)) == micros)
        }
        #expect(BundleTime.format(1_735_689_600_000_001) == "2025-01-01T00:00:00.000001Z")
    }
}

extension AuditWorld {
    var exporter: BundleExporter { BundleExporter(client: store.client, logger: TestCluster.logger) }
}

/// Two exports of one file cannot interleave their writes.
@Suite struct BundleFileLockTests {
    @Test func aSecondExportOfTheSameFileIsRefusedWhileTheFirstWrites() async throws {
        try await AuditWorld.run("bundle_lock") { world in
            let path = try EvidenceBundleTests.folder().appendingPathComponent("b.ndjson").path
            FileManager.default.createFile(atPath: path + ".partial", contents: nil)
            let holder = try #require(FileHandle(forUpdatingAtPath: path + ".partial"))
            defer { try? holder.close() }
            #expect(flock(holder.fileDescriptor, LOCK_EX | LOCK_NB) == 0)
            await #expect(throws: BundleFileExport.Failure.busy(path + ".partial")) {
                try await EvidenceBundleTests.export(world, to: path)
            }
        }
    }
}
