import EventStore
@testable import LabLedgerProjections
import Testing

@Suite("Projection state machine: failures and dead letters")
struct ProjectionDeadLetterTests {
    typealias F = Fixture

    /// A started machine that read `page` and tried it in one write, refused.
    static func refusedPage(
        _ page: Machine.Page, live: [OpenLetter] = [], options: ProjectionWorkerOptions = F.options()
    ) throws -> Machine {
        var machine = try F.started(live: live, options: options)
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.live, after: .start, limit: 5_000))
        let action = machine.pageRead(page, now: F.t0)
        let applies = if case .applyPage = action { true } else { false }
        try #require(applies, "a page with events is applied in one write, not \(action)")
        return machine
    }

    @Test("a refused page is applied event by event; an event refused every time is retried after 100 then 200 ms, then parked with its error")
    func attemptsThenPark() throws {
        let (a1, b2) = (F.event("counter-a", 1), F.event("counter-b", 2))
        var machine = try Self.refusedPage(F.page([a1, b2], resumeAt: F.at(2)))
        let first = Machine.Write.of(.live, apply: [a1], from: .start, to: F.at(1), state: .running)
        try #require(machine.refused(error: "page refused") == .applyEvent(first, attempt: 1))
        try #require(machine.refused(error: "poison") == .pause(.milliseconds(100)))
        try #require(machine.paused() == .applyEvent(first, attempt: 2))
        try #require(machine.refused(error: "poison") == .pause(.milliseconds(200)))
        try #require(machine.paused() == .applyEvent(first, attempt: 3))
        // Counted before it is written: the move stores stalled with it.
        try #require(machine.refused(error: "poison") == .write(
            .of(.live, parks: [.failed(a1, error: "poison", attempts: 3)], from: .start, to: F.at(1), state: .stalled)))
        try #require(machine.written() == .applyEvent(.of(.live, apply: [b2], from: F.at(1), to: F.at(2), state: .stalled), attempt: 1))
        try #require(machine.written() == .beginRound)
        #expect(machine.liveLetters == OpenLetters([F.letter("counter-a", 1)]))
        #expect(machine.row.checkpoint == F.at(2))
    }

    @Test("an event applied at a later attempt is not parked")
    func laterAttemptApplies() throws {
        let a1 = F.event("counter-a", 1)
        var machine = try Self.refusedPage(F.page([a1], resumeAt: F.at(1)))
        try #require(machine.refused(error: "page refused") == .applyEvent(
            .of(.live, apply: [a1], from: .start, to: F.at(1), state: .running), attempt: 1))
        try #require(machine.refused(error: "deadlock") == .pause(.milliseconds(100)))
        try #require(machine.paused() == .applyEvent(.of(.live, apply: [a1], from: .start, to: F.at(1), state: .running), attempt: 2))
        try #require(machine.written() == .beginRound)
        #expect(machine.liveLetters.count == 0)
    }

    @Test("with a single attempt an event is parked at once, without a pause")
    func singleAttempt() throws {
        let a1 = F.event("counter-a", 1)
        var machine = try Self.refusedPage(F.page([a1], resumeAt: F.at(1)), options: F.options(maxAttempts: 1))
        try #require(machine.refused(error: "page refused") == .applyEvent(
            .of(.live, apply: [a1], from: .start, to: F.at(1), state: .running), attempt: 1))
        try #require(machine.refused(error: "poison") == .write(
            .of(.live, parks: [.failed(a1, error: "poison", attempts: 1)], from: .start, to: F.at(1), state: .stalled)))
    }

    @Test("in the same page, the parked event's later events of its stream are parked behind it; other streams go on")
    func blockedWithinPage() throws {
        let (a1, b2, a3, c4) = (F.event("counter-a", 1), F.event("counter-b", 2), F.event("counter-a", 3), F.event("counter-c", 4))
        var machine = try Self.refusedPage(F.page([a1, b2, a3, c4], resumeAt: F.at(6)), options: F.options(maxAttempts: 1))
        try #require(machine.refused(error: "page refused") == .applyEvent(
            .of(.live, apply: [a1], from: .start, to: F.at(1), state: .running), attempt: 1))
        try #require(machine.refused(error: "poison") == .write(
            .of(.live, parks: [.failed(a1, error: "poison", attempts: 1)], from: .start, to: F.at(1), state: .stalled)))
        try #require(machine.written() == .applyEvent(.of(.live, apply: [b2], from: F.at(1), to: F.at(2), state: .stalled), attempt: 1))
        try #require(machine.written() == .write(.of(.live, parks: [.behind(a3)], from: F.at(2), to: F.at(3), state: .stalled)))
        try #require(machine.written() == .applyEvent(.of(.live, apply: [c4], from: F.at(3), to: F.at(4), state: .stalled), attempt: 1))
        // The page's checkpoint lies past its last event: the target moves there too.
        try #require(machine.written() == .write(.of(.live, from: F.at(4), to: F.at(6), state: .stalled)))
        try #require(machine.written() == .beginRound)
        #expect(machine.liveLetters.count == 2)
        #expect(machine.liveLetters.blockedStreams == ["counter-a"])
        #expect(machine.row.checkpoint == F.at(6))
    }

    @Test("later pages park a blocked stream's events behind its letter in the page's write and apply the other streams'")
    func blockedInLaterPages() throws {
        let (a2, b3) = (F.event("counter-a", 2), F.event("counter-b", 3))
        var machine = try F.started(live: [F.letter("counter-a", 1)])
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.live, after: .start, limit: 5_000))
        try #require(machine.pageRead(F.page([a2, b3], resumeAt: F.at(3)), now: F.t0) == .applyPage(
            .of(.live, apply: [b3], parks: [.behind(a2)], from: .start, to: F.at(3), state: .stalled)))
        try #require(machine.written() == .beginRound)
        #expect(machine.liveLetters.count == 2)
        #expect(Machine.Park.behind(a2).error == "waits behind an earlier parked event of stream counter-a")
        #expect(Machine.Park.behind(a2).attempts == 0)
    }

    @Test("at the maximum of open letters the target stops in the middle of its page: failed is stored and its pages are no longer read")
    func maximumStops() throws {
        let (a1, b2, c3) = (F.event("counter-a", 1), F.event("counter-b", 2), F.event("counter-c", 3))
        var machine = try Self.refusedPage(
            F.page([a1, b2, c3], resumeAt: F.at(5)), live: [F.letter("counter-x", 0)],
            options: F.options(maxOpenDeadLetters: 2, maxAttempts: 1))
        try #require(machine.refused(error: "page refused") == .applyEvent(
            .of(.live, apply: [a1], from: .start, to: F.at(1), state: .stalled), attempt: 1))
        try #require(machine.refused(error: "poison") == .write(
            .of(.live, parks: [.failed(a1, error: "poison", attempts: 1)], from: .start, to: F.at(1), state: .failed)))
        try #require(machine.written() == .saveState(.failed, lastError: "2 events parked; applying stopped"))
        try #require(machine.stateSaved() == .beginRound)
        #expect(machine.row.checkpoint == F.at(1))
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .wait(.milliseconds(500)))
    }
}
