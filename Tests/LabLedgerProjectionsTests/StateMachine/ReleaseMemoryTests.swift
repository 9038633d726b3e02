import EventStore
@testable import LabLedgerProjections
import Testing

private typealias F = Fixture

@Suite("Freed heap handed back after a catch-up")
struct ReleaseMemoryTests {
    /// Reads the live page the round asks for, of `count` events from `position` on, applies it,
    /// and answers the limit it was read with.
    static func applyLivePage(_ machine: inout Machine, at position: inout Int64, count: Int, isFull: Bool) throws -> Int {
        guard case .readPage(.live, _, let limit) = machine.roundBegins(now: F.t0, stopping: false) else {
            Issue.record("a round without letters reads the live page")
            return 0
        }
        let events = (0..<Int64(count)).map { F.event("counter-a", position + $0 + 1) }
        position += Int64(count)
        guard case .applyPage = machine.pageRead(F.page(events, resumeAt: F.at(position), isFull: isFull), now: F.t0) else {
            Issue.record("the page is applied")
            return limit
        }
        try #require(machine.written() == .beginRound)
        return limit
    }

    @Test("once ten live pages' worth of events were read in rebuild-sized pages, the first live-sized read waits for the heap to be handed back")
    func afterACatchUp() throws {
        var machine = try F.started()
        var position: Int64 = 0
        #expect(try Self.applyLivePage(&machine, at: &position, count: 5_000, isFull: true) == 5_000)
        #expect(try Self.applyLivePage(&machine, at: &position, count: 4_000, isFull: true) == 5_000)
        #expect(try Self.applyLivePage(&machine, at: &position, count: 1_500, isFull: false) == 5_000)
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .releaseMemory)
        #expect(machine.memoryReleased() == .readPage(.live, after: F.at(position), limit: 1_000))
        // Once only: the next live-sized round reads at once.
        try #require(machine.pageRead(F.page([], resumeAt: F.at(position)), now: F.t0) == .wait(.milliseconds(500)))
        #expect(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.live, after: F.at(position), limit: 1_000))
    }

    @Test("a burst of fewer than ten live pages' worth, or a session's first page, reads on without handing anything back")
    func notAfterABurst() throws {
        var machine = try F.started()
        var position: Int64 = 0
        #expect(try Self.applyLivePage(&machine, at: &position, count: 300, isFull: false) == 5_000)
        #expect(try Self.applyLivePage(&machine, at: &position, count: 1_000, isFull: true) == 1_000)
        #expect(try Self.applyLivePage(&machine, at: &position, count: 5_000, isFull: true) == 5_000)
        #expect(try Self.applyLivePage(&machine, at: &position, count: 4_999, isFull: false) == 5_000)
        #expect(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.live, after: F.at(position), limit: 1_000))
    }
}
