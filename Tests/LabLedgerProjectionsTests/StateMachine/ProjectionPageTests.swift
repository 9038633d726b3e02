import EventStore
@testable import LabLedgerProjections
import Testing

@Suite("Projection state machine: rounds and pages")
struct ProjectionPageTests {
    typealias F = Fixture

    @Test("an empty page makes the round wait for appends, at most the poll interval")
    func emptyPage() {
        var machine = F.started()
        #expect(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.live, after: .start, limit: 5_000))
        #expect(machine.pageRead(F.page([], resumeAt: .start), now: F.t0) == .wait(.milliseconds(500)))
    }

    @Test("a page is applied with its checkpoint move in one write, and the next round starts at once after it")
    func pageApplied() {
        var machine = F.started()
        _ = machine.roundBegins(now: F.t0, stopping: false)
        let events = [F.event("counter-a", 1), F.event("counter-b", 2)]
        #expect(machine.pageRead(F.page(events, resumeAt: F.at(4)), now: F.t0) == .applyPage(
            .of(.live, apply: events, from: .start, to: F.at(4), state: .running)))
        #expect(machine.written() == .beginRound)
        #expect(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.live, after: F.at(4), limit: 1_000))
        #expect(machine.row.checkpoint == F.at(4))
        #expect(machine.row.eventsApplied == 2)
    }

    @Test("a projection that is behind reads rebuild-sized pages until a page is not full")
    func catchingUp() {
        var machine = F.started()
        var limits: [Int] = []
        var position: Int64 = 0
        for full in [true, true, false, false, true, false] {
            guard case .readPage(_, _, let limit) = machine.roundBegins(now: F.t0, stopping: false) else {
                Issue.record("a round without letters reads the live page")
                return
            }
            limits.append(limit)
            position += 1
            _ = machine.pageRead(F.page([F.event("counter-a", position)], resumeAt: F.at(position), isFull: full), now: F.t0)
            #expect(machine.written() == .beginRound)
        }
        #expect(limits == [5_000, 5_000, 5_000, 1_000, 1_000, 5_000])
    }

    @Test("an idle projection saves a checkpoint moved past other types' events at most once per idle interval, and still waits")
    func idleCheckpoint() {
        var machine = F.started()
        _ = machine.roundBegins(now: F.t0, stopping: false)
        #expect(machine.pageRead(F.page([], resumeAt: F.at(10)), now: F.t0 + .milliseconds(999)) == .wait(.milliseconds(500)))
        _ = machine.roundBegins(now: F.t0 + .seconds(1), stopping: false)
        #expect(machine.pageRead(F.page([], resumeAt: F.at(12)), now: F.t0 + .seconds(1)) == .write(
            .of(.live, from: .start, to: F.at(12), state: .running)))
        #expect(machine.written() == .wait(.milliseconds(500)))
        #expect(machine.roundBegins(now: F.t0 + .seconds(1), stopping: false) == .readPage(.live, after: F.at(12), limit: 1_000))
        #expect(machine.pageRead(F.page([], resumeAt: F.at(13)), now: F.t0 + .milliseconds(1_999)) == .wait(.milliseconds(500)))
        _ = machine.roundBegins(now: F.t0 + .seconds(2), stopping: false)
        #expect(machine.pageRead(F.page([], resumeAt: F.at(13)), now: F.t0 + .seconds(2)) == .write(
            .of(.live, from: F.at(12), to: F.at(13), state: .running)))
    }

    @Test("a stop is obeyed when the next round begins, after the page in hand is written")
    func stop() {
        var machine = F.started()
        _ = machine.roundBegins(now: F.t0, stopping: false)
        _ = machine.pageRead(F.page([F.event("counter-a", 1)], resumeAt: F.at(1)), now: F.t0)
        #expect(machine.written() == .beginRound)
        #expect(machine.roundBegins(now: F.t0, stopping: true) == .stop)
    }

    @Test("a stop is obeyed after a wait")
    func stopAfterWait() {
        var machine = F.started()
        #expect(machine.roundBegins(now: F.t0, stopping: true) == .stop)
    }
}
