import Crypto
import EventStore
import Foundation
import LabLedgerAudit
import Testing
import TestSupport
import TransparencyLog

/// Every way of rewriting history that the owner of the database has is caught, and named by
/// log index, position, stream and event: the chains catch clumsy edits, the signed Merkle log
/// catches the rest.
@Suite struct TamperDetectionTests {
    /// The story, sequenced and signed, checked intact before the tampering.
    static func signedStory(_ world: AuditWorld) async throws -> [RecordedEvent] {
        try await world.appendStory()
        try await world.waitForCheckpoint(covering: 8)
        let report = try await world.verifier().verify()
        #expect(report.firstProblem == nil, "\(String(describing: report.firstProblem))")
        #expect(report.leavesChecked == 8)
        #expect(report.checkpointsChecked >= 1)
        #expect(try await world.store.verifyAll().isIntact)
        return try await world.events()
    }

    @Test func oneChangedByteBreaksTheStreamChain() async throws {
        try await AuditWorld.run("tamper_byte") { world in
            let events = try await Self.signedStory(world)
            try await world.tamper("UPDATE events SET data = jsonb_set(data, '{amount}', '9') WHERE global_position = \(events[4].globalPosition)")
            let chains = try await world.store.verifyAll()
            #expect(chains.firstMismatch?.globalPosition == events[4].globalPosition)
            #expect(chains.firstMismatch?.eventID == events[4].eventID)
            // The leaf holds the stored hash, so a saved checkpoint's check must read the chains too.
            let saved = try await world.waitForCheckpoint(covering: 8)
            let verdict = try await world.verifier().verify(savedCheckpoint: saved.note)
            #expect(verdict.failure?.contains("does not match its hash") == true, "\(verdict)")
        }
    }

    @Test func aDeletedEventIsNamedByItsLogIndex() async throws {
        try await AuditWorld.run("tamper_delete") { world in
            let events = try await Self.signedStory(world)
            try await world.tamper("DELETE FROM events WHERE global_position = \(events[3].globalPosition)")
            let problem = try #require(try await world.verifier().verify().firstProblem)
            #expect(problem.logIndex == 3)
            #expect(problem.kind == .wrongEvent(storedPosition: events[3].globalPosition))
            #expect(problem.eventID == events[4].eventID)
        }
    }

    @Test func twoSwappedEventsAreCaught() async throws {
        try await AuditWorld.run("tamper_swap") { world in
            let events = try await Self.signedStory(world)
            let (first, second) = (events[1], events[2])
            try await world.tamper("""
                UPDATE events SET transaction_id = CASE global_position
                    WHEN \(first.globalPosition) THEN '\(second.transactionID)'::xid8 ELSE '\(first.transactionID)'::xid8 END
                WHERE global_position IN (\(first.globalPosition), \(second.globalPosition))
                """)
            let problem = try #require(try await world.verifier().verify().firstProblem)
            #expect(problem.logIndex == 1)
            #expect(problem.kind == .wrongEvent(storedPosition: first.globalPosition))
            #expect(problem.eventID == second.eventID)
        }
    }

    @Test func theLastEventOfAStreamDeletedPassesTheChainsButNotTheLog() async throws {
        try await AuditWorld.run("tamper_tail") { world in
            let events = try await Self.signedStory(world)
            // grant-a's last event is a3, the seventh in the global order.
            let tail = try #require(events.last { $0.streamID == "grant-a" })
            try await world.tamper("DELETE FROM events WHERE global_position = \(tail.globalPosition)")
            #expect(try await world.store.verifyAll().isIntact)
            let problem = try #require(try await world.verifier().verify().firstProblem)
            #expect(problem.logIndex == 6)
            #expect(problem.kind == .wrongEvent(storedPosition: tail.globalPosition))
        }
    }

    @Test func aWholeStreamDeletedIsCaught() async throws {
        try await AuditWorld.run("tamper_stream") { world in
            let events = try await Self.signedStory(world)
            try await world.tamper("DELETE FROM events WHERE stream_id = 'grant-b'")
            #expect(try await world.store.verifyAll().isIntact)
            let problem = try #require(try await world.verifier().verify().firstProblem)
            let first = try #require(events.firstIndex { $0.streamID == "grant-b" })
            #expect(problem.logIndex == Int64(first))
            #expect(problem.kind == .wrongEvent(storedPosition: events[first].globalPosition))
        }
    }

    @Test func aChangedRecordedAtIsCaughtByTheSignedRoot() async throws {
        try await AuditWorld.run("tamper_recorded") { world in
            let events = try await Self.signedStory(world)
            try await world.tamper("UPDATE events SET recorded_at = recorded_at - interval '3 days' WHERE global_position = \(events[5].globalPosition)")
            #expect(try await world.store.verifyAll().isIntact)
            let problem = try #require(try await world.verifier().verify().firstProblem)
            #expect(problem.logIndex == 5)
            if case .rootMismatch = problem.kind {} else { Issue.record("expected a root mismatch, got \(problem.kind)") }
        }
    }

    @Test func aStreamRewrittenWithARecomputedChainIsCaughtByTheSignedRoot() async throws {
        try await AuditWorld.run("tamper_rewrite") { world in
            let events = try await Self.signedStory(world)
            try await world.rewriteWithRecomputedChain("grant-c")
            #expect(try await world.store.verifyAll().isIntact)
            let problem = try #require(try await world.verifier().verify().firstProblem)
            let first = try #require(events.firstIndex { $0.streamID == "grant-c" })
            #expect(problem.logIndex == Int64(first))
            if case .rootMismatch = problem.kind {} else { Issue.record("expected a root mismatch, got \(problem.kind)") }
        }
    }

    @Test func aCheckpointReSignedWithAnotherKeyIsCaught() async throws {
        try await AuditWorld.run("tamper_resign") { world in
            _ = try await Self.signedStory(world)
            // The forger re-signs the checkpoints with a key of their own.
            let forger = try CheckpointSigner(
                origin: world.signer.origin, key: Curve25519.Signing.PrivateKey(),
                record: SignedTreeRecord(url: FileManager.default.temporaryDirectory.appendingPathComponent("forger-\(UUID().uuidString)")))
            let checkpoint = try await world.waitForCheckpoint(covering: 8)
            let forged = try forger.sign(size: checkpoint.size, root: checkpoint.root)
            try await world.tamper("UPDATE log_checkpoints SET note = $$\(forged)$$ WHERE tree_size = \(checkpoint.size)")
            let problem = try #require(try await world.verifier().verify().firstProblem)
            #expect(problem.kind == .badSignature(treeSize: checkpoint.size, reason: "\(NoteError.unknownKey)"))
        }
    }

    @Test func aSavedCheckpointStillVerifiesAfterManyMoreEventsAndFailsAfterARewrite() async throws {
        try await AuditWorld.run("tamper_saved") { world in
            _ = try await Self.signedStory(world)
            let saved = try await world.waitForCheckpoint(covering: 8)
            // 10,000 more events, 100 per transaction.
            for batch in 0..<100 {
                try await world.append("bulk-\(batch)", version: 1, count: 100)
            }
            try await world.waitForCheckpoint(covering: 10_008)
            let verdict = try await world.verifier().verify(savedCheckpoint: saved.note)
            #expect(verdict.failure == nil, "\(verdict)")
            #expect(verdict.latestSize == 10_008)
            let whole = try await world.verifier().verify()
            #expect(whole.firstProblem == nil)
            #expect(whole.leavesChecked == 10_008)

            try await world.rewriteWithRecomputedChain("grant-a")
            let after = try await world.verifier().verify(savedCheckpoint: saved.note)
            #expect(after.failure == "the events of its first 8 log indexes were rewritten (their root differs)")
        }
    }

    @Test func aChangedInteriorHashIsNamedBeforeAnyProofIsServedFromIt() async throws {
        try await AuditWorld.run("tamper_subtree") { world in
            _ = try await Self.signedStory(world)
            try await world.tamper("UPDATE log_subtrees SET hash = sha256('forged') WHERE level = 2 AND position = 1")
            let problem = try #require(try await world.verifier().verify().firstProblem)
            #expect(problem.kind == .subtreeMismatch(level: 2, index: 1))
            #expect(problem.logIndex == 4)
        }
    }

    @Test func aMissingHeadRowIsAProblemNotAnEmptyLog() async throws {
        try await AuditWorld.run("tamper_head") { world in
            _ = try await Self.signedStory(world)
            try await world.tamper("DELETE FROM log_head")
            let problem = try #require(try await world.verifier().verify().firstProblem)
            #expect(problem.kind == .headMismatch(treeSize: nil))
        }
    }

    @Test func theKeyDoesNotSignAForgedHistoryAfterTheLogTablesWereEmptied() async throws {
        try await AuditWorld.run("tamper_resequence") { world in
            _ = try await Self.signedStory(world)
            try await world.rewriteWithRecomputedChain("grant-c")
            for table in ["log_checkpoints", "log_subtrees", "log_entries"] { try await world.tamper("DELETE FROM \(table)") }
            try await world.tamper("UPDATE log_head SET tree_size = 0, checkpoint_transaction = '0', checkpoint_position = 0")
            // A new event makes the running sequencer find the head moved and start over from
            // the emptied tables: it sequences the forged history again, and must not sign it.
            try await world.append("grant-d", version: 1)
            let log = AuditLog(client: world.store.client, logger: TestCluster.logger)
            for _ in 0..<1_500 where try await log.treeSize() < 9 { try await Task.sleep(for: .milliseconds(20)) }
            #expect(try await log.treeSize() == 9)
            // Many checkpoint intervals (20 ms) later, still nothing signed.
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await log.latestCheckpoint() == nil)
            #expect(try await world.database.count("SELECT count(*) FROM log_checkpoints") == 0)
        }
    }
}
