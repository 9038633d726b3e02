import Testing
import TransparencyLog

@testable import LabLedgerConsole

/// "Verify now"'s judgement of the oldest checkpoint against the newest, before any proof.
@Suite struct LogCheckJudgementTests {
    static let rootA = LogHash(bytes: [UInt8](repeating: 0xAA, count: 32))
    static let rootB = LogHash(bytes: [UInt8](repeating: 0xBB, count: 32))

    private func judge(_ size: Int64?, _ root: String?, latestSize: Int64 = 10) throws -> LogCheck.OldestJudgement {
        LogCheck.judgeOldest(treeSize: size, rootHash: root, latestSize: latestSize, latestRoot: try #require(Self.rootA))
    }

    private func failed(_ judgement: LogCheck.OldestJudgement) -> Bool {
        if case .settled(let verdict) = judgement { return !verdict.ok }
        return false
    }

    @Test func sameCheckpointIsTheOnlyOne() throws {
        let judgement = try judge(10, try #require(Self.rootA).base64)
        guard case .settled(let verdict) = judgement else { Issue.record("expected a verdict, got \(judgement)"); return }
        #expect(verdict.ok)
        #expect(verdict.detail.contains("only one"))
    }

    @Test func equalSizeDifferentRootFails() throws {
        #expect(failed(try judge(10, try #require(Self.rootB).base64)))
    }

    @Test func oldestLargerThanNewestFails() throws {
        #expect(failed(try judge(11, try #require(Self.rootB).base64)))
    }

    @Test func undecodableOldRootFails() throws {
        #expect(failed(try judge(3, "not base64 !!")))
        #expect(failed(try judge(10, "not base64 !!")))
    }

    @Test func emptyListFails() throws {
        #expect(failed(try judge(nil, nil)))
    }

    @Test func smallerOldestAsksForAProof() throws {
        let rootB = try #require(Self.rootB)
        #expect(try judge(3, rootB.base64) == .prove(fromSize: 3, oldRoot: rootB))
    }
}
