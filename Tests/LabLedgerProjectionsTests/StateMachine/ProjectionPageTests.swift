import EventStore
@testable import LabLedgerProjections
import Testing

@Suite("Projection state machine: rounds and pages")
struct ProjectionPageTests {
    typealias F = Fixture

    @Test("an empty page makes the round wait for appends, at most the poll interval")
    func emptyPage() throws {
        var machine = try F.started()
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.live, after: .start, limit: 5_000))
        try #require(machine.pageRead(F.page([], resumeAt: .start), now: F.t0) == .wait(.milliseconds(500)))
    }

    @Test("a page is applied with its checkpoint move in one write, and the next round starts at once after it")
    func pageApplied() throws {
        var machine = try F.started()
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.live, after: .start, limit: 5_000))
        let events = [F.event("counter-a", 1), F.event("counter-b", 2)]
        try #require(machine.pageRead(F.page(events, resumeAt: F.at(4)), now: F.t0) == .applyPage(
            .of(.live, apply: events, from: .start, to: F.at(4), state: .running)))
        try #require(machine.written() == .beginRound)
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.live, after: F.at(4), limit: 1_000))
        #expect(machine.row.checkpoint == F.at(4))
        #expect(machine.row.eventsApplied == 2)
    }

    @Test("a projection that is behind reads rebuild-sized pages until a page is not full")
    func catchingUp() throws {
        var machine = try F.started()
        var limits: [Int] = []
        var position: Int64 = 0
        for full in [true, true, false, false, true, false] {
            guard case .readPage(_, _, let limit) = machine.roundBegins(now: F.t0, stopping: false) else {
                Issue.record("a round without letters reads the live page")
                return
            }
            limits.append(limit)
            position += 1
            let page = F.page([F.event("counter-a", position)], resumeAt: F.at(position), isFull: full)
            try #require(machine.pageRead(page, now: F.t0) == .applyPage(
                .of(.live, apply: page.events, from: position == 1 ? .start : F.at(position - 1), to: F.at(position), state: .running)))
            try #require(machine.written() == .beginRound)
        }
        #expect(limits == [5_000, 5_000, 5_000, 1_000, 1_000, 5_000])
    }

    @Test("an idle projection saves a checkpoint moved past other types' events at most once per idle interval, announces it in between, and still waits")
    func idleCheckpoint() throws {
        var machine = try F.started()
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.live, after: .start, limit: 5_000))
        try #require(machine.pageRead(F.page([], resumeAt: F.at(10)), now: F.t0 + .milliseconds(999)) == .announce(F.at(10)))
        try #require(machine.announced() == .wait(.milliseconds(500)))
        try #require(machine.roundBegins(now: F.t0 + .seconds(1), stopping: false) == .readPage(.live, after: .start, limit: 1_000))
        try #require(machine.pageRead(F.page([], resumeAt: F.at(12)), now: F.t0 + .seconds(1)) == .write(
            .of(.live, from: .start, to: F.at(12), state: .running)))
        try #require(machine.written() == .wait(.milliseconds(500)))
        try #require(machine.roundBegins(now: F.t0 + .seconds(1), stopping: false) == .readPage(.live, after: F.at(12), limit: 1_000))
        try #require(machine.pageRead(F.page([], resumeAt: F.at(13)), now: F.t0 + .milliseconds(1_999)) == .announce(F.at(13)))
        try #require(machine.announced() == .wait(.milliseconds(500)))
        try #require(machine.roundBegins(now: F.t0 + .seconds(2), stopping: false) == .readPage(.live, after: F.at(12), limit: 1_000))
        try #require(machine.pageRead(F.page([], resumeAt: F.at(13)), now: F.t0 + .seconds(2)) == .write(
            .of(.live, from: F.at(12), to: F.at(13), state: .running)))
    }

    @Test("an idle move is announced once: a read that finds the checkpoint where it was announced only waits")
    func announcedOnce() throws {
        var machine = try F.started()
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.live, after: .start, limit: 5_000))
        try #require(machine.pageRead(F.page([], resumeAt: F.at(10)), now: F.t0 + .milliseconds(10)) == .announce(F.at(10)))
        try #require(machine.announced() == .wait(.milliseconds(500)))
        try #require(machine.roundBegins(now: F.t0 + .milliseconds(20), stopping: false) == .readPage(.live, after: .start, limit: 1_000))
        try #require(machine.pageRead(F.page([], resumeAt: F.at(10)), now: F.t0 + .milliseconds(20)) == .wait(.milliseconds(500)))
        try #require(machine.roundBegins(now: F.t0 + .milliseconds(30), stopping: false) == .readPage(.live, after: .start, limit: 1_000))
        try #require(machine.pageRead(F.page([], resumeAt: F.at(11)), now: F.t0 + .milliseconds(30)) == .announce(F.at(11)))
    }

    @Test("a stop is obeyed when the next round begins, after the page in hand is written")
    func stop() throws {
        var machine = try F.started()
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.live, after: .start, limit: 5_000))
        try #require(machine.pageRead(F.page([F.event("counter-a", 1)], resumeAt: F.at(1)), now: F.t0) == .applyPage(
            .of(.live, apply: [F.event("counter-a", 1)], from: .start, to: F.at(1), state: .running)))
        try #require(machine.written() == .beginRound)
        try #require(machine.roundBegins(now: F.t0, stopping: true) == .stop)
    }

    @Test("a stop is obeyed after a wait")
    func stopAfterWait() throws {
        var machine = try F.started()
        try #require(machine.roundBegins(now: F.t0, stopping: true) == .stop)
    }
}
