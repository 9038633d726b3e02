import EventStore
@testable import LabLedgerProjections
import Testing

@Suite("Projection state machine: rebuilds")
struct ProjectionRebuildTests {
    typealias F = Fixture

    @Test("while rebuilding, a round reads a rebuild page, then a live page; the rebuild's letters block only the rebuild's streams")
    func bothTargets() throws {
        let (a1, b2) = (F.event("counter-a", 1), F.event("counter-b", 2))
        var machine = try F.started(row: F.rebuildingRow(), live: [], rebuild: [F.letter("counter-a", 1)])
        #expect(machine.state == .rebuilding)
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.rebuild, after: .start, limit: 5_000))
        try #require(machine.pageRead(F.page([a1, b2], resumeAt: F.at(2), isFull: true), now: F.t0) == .applyPage(
            .of(.rebuild, apply: [b2], parks: [.behind(a1)], from: .start, to: F.at(2), state: .rebuilding)))
        try #require(machine.written() == .readPage(.live, after: .start, limit: 5_000))
        try #require(machine.pageRead(F.page([a1, b2], resumeAt: F.at(2)), now: F.t0) == .applyPage(
            .of(.live, apply: [a1, b2], from: .start, to: F.at(2), state: .rebuilding)))
        try #require(machine.written() == .beginRound)
        #expect(machine.rebuildLetters.count == 2)
        #expect(machine.liveLetters.count == 0)
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.rebuild, after: F.at(2), limit: 5_000))
    }

    @Test("a rebuild page that is not full means the rebuild caught up: its tables, checkpoint and letters are swapped in")
    func swapAfterLastPage() throws {
        let (a3, b5) = (F.event("counter-a", 3), F.event("counter-b", 5))
        var machine = try F.started(row: F.rebuildingRow(at: F.at(2)), live: [F.letter("counter-z", 1)], rebuild: [F.letter("counter-a", 1)])
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.rebuild, after: F.at(2), limit: 5_000))
        try #require(machine.pageRead(F.page([a3, b5], resumeAt: F.at(6)), now: F.t0) == .applyPage(
            .of(.rebuild, apply: [b5], parks: [.behind(a3)], from: F.at(2), to: F.at(6), state: .rebuilding)))
        // Two rebuild letters now: the swapped-in tables are stalled.
        try #require(machine.written() == .swap(state: .stalled))
        try #require(machine.swapped(F.row(checkpoint: F.at(6), generation: 2)) == .readPage(.live, after: F.at(6), limit: 5_000))
        #expect(!machine.rebuilding)
        #expect(machine.liveLetters.blockedStreams == ["counter-a"])
        #expect(machine.liveLetters.count == 2)
        try #require(machine.pageRead(F.page([F.event("counter-a", 7)], resumeAt: F.at(7)), now: F.t0) == .applyPage(
            .of(.live, parks: [.behind(F.event("counter-a", 7))], generation: 2, from: F.at(6), to: F.at(7), state: .stalled)))
    }

    @Test("an empty rebuild page moves the rebuild past other types' events, then swaps")
    func emptyRebuildPage() throws {
        var machine = try F.started(row: F.rebuildingRow(), rebuild: [])
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.rebuild, after: .start, limit: 5_000))
        try #require(machine.pageRead(F.page([], resumeAt: F.at(9)), now: F.t0) == .write(
            .of(.rebuild, from: .start, to: F.at(9), state: .rebuilding)))
        try #require(machine.written() == .swap(state: .running))
        // Swapping counts as work: the round does not wait.
        try #require(machine.swapped(F.row(checkpoint: F.at(9), generation: 2)) == .readPage(.live, after: F.at(9), limit: 5_000))
        try #require(machine.pageRead(F.page([], resumeAt: F.at(9)), now: F.t0) == .beginRound)
    }

    @Test("a resumed rebuild that caught up writes its rows first, a part per round with live pages between, then swaps")
    func rowsDueBeforeTheSwap() throws {
        // Resumed: this session cannot tell how the rebuild's pages were written.
        var machine = try F.started(row: F.rebuildingRow(at: F.at(9)), rebuild: [], finishesRebuilds: true)
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.rebuild, after: F.at(9), limit: 5_000))
        try #require(machine.pageRead(F.page([], resumeAt: F.at(9)), now: F.t0) == .finishRebuild(after: ""))
        try #require(machine.rebuildRowsWritten(next: "counter-m") == .readPage(.live, after: .start, limit: 5_000))
        let live = F.event("counter-a", 10)
        try #require(machine.pageRead(F.page([live], resumeAt: F.at(10)), now: F.t0) == .applyPage(
            .of(.live, apply: [live], from: .start, to: F.at(10), state: .rebuilding)))
        try #require(machine.written() == .beginRound)
        // The next round goes on where the rows stopped; the rebuild reads no page meanwhile.
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .finishRebuild(after: "counter-m"))
        // The rows are written; the rebuild reads on past what the live tables applied
        // meanwhile, its pages writing their rows, and swaps once caught up again: the live
        // checkpoint never moves back.
        try #require(machine.rebuildRowsWritten(next: nil) == .readPage(.rebuild, after: F.at(9), limit: 5_000))
        #expect(!machine.rebuildPagesDeferRows)
        try #require(machine.pageRead(F.page([live], resumeAt: F.at(10)), now: F.t0) == .applyPage(
            .of(.rebuild, apply: [live], from: F.at(9), to: F.at(10), state: .rebuilding)))
        try #require(machine.written() == .swap(state: .running))
        // The last live page was not full: live pages are back to their usual size.
        try #require(machine.swapped(F.row(checkpoint: F.at(10), generation: 2)) == .readPage(.live, after: F.at(10), limit: 1_000))
        #expect(machine.finishCursor == nil)
        #expect(machine.rebuildPagesDeferRows)
    }

    @Test("a rebuild this session starts writes its rows at the end only when its pages defer them", arguments: [true, false])
    func rowsAtTheEndOnlyWhenDeferred(rowsAtEnd: Bool) throws {
        var options = F.options()
        options.rebuildRowsAtEnd = rowsAtEnd
        var machine = try F.started(options: options, finishesRebuilds: true)
        try #require(machine.roundBegins(now: F.t0 + .seconds(3_601), stopping: false) == .loadControl)
        try #require(machine.controlLoaded(F.row(rebuildRequested: true)) == .startRebuild(reason: "requested"))
        var action = machine.rebuildStarted(F.rebuildingRow())
        #expect(machine.rebuildPagesDeferRows == rowsAtEnd)
        try #require(action == .loadLetters(live: 1, rebuild: nil))
        action = machine.lettersLoaded(live: [], rebuild: nil)
        try #require(action == .loadLetters(live: 1, rebuild: 2))
        action = machine.lettersLoaded(live: [], rebuild: [])
        if case .saveState = action { action = machine.stateSaved() }
        try #require(action == .readPage(.rebuild, after: .start, limit: 5_000))
        let a1 = F.event("counter-a", 1)
        try #require(machine.pageRead(F.page([a1], resumeAt: F.at(1)), now: F.t0) == .applyPage(
            .of(.rebuild, apply: [a1], from: .start, to: F.at(1), state: .rebuilding)))
        #expect(machine.written() == (rowsAtEnd ? .finishRebuild(after: "") : .swap(state: .running)))
    }

    @Test("rows refused at a rebuild's end start the rebuild over with rows per page, which swaps without a finish")
    func rowsRefusedAtTheEnd() throws {
        var machine = try F.started(row: F.rebuildingRow(at: F.at(9)), rebuild: [], finishesRebuilds: true)
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.rebuild, after: F.at(9), limit: 5_000))
        try #require(machine.pageRead(F.page([], resumeAt: F.at(9)), now: F.t0) == .finishRebuild(after: ""))
        try #require(machine.rebuildRowsWritten(next: "counter-m") == .readPage(.live, after: .start, limit: 5_000))
        try #require(machine.pageRead(F.page([], resumeAt: .start), now: F.t0) == .beginRound)
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .finishRebuild(after: "counter-m"))
        guard case .startRebuild(let reason) = machine.rebuildRowsRefused(error: "check constraint") else {
            Issue.record("a refusal did not start the rebuild over")
            return
        }
        #expect(reason.contains("check constraint"))
        #expect(!machine.rebuildPagesDeferRows)
        try #require(machine.rebuildStarted(F.rebuildingRow()) == .loadLetters(live: 1, rebuild: nil))
        try #require(machine.lettersLoaded(live: [], rebuild: nil) == .loadLetters(live: 1, rebuild: 2))
        try #require(machine.lettersLoaded(live: [], rebuild: []) == .readPage(.rebuild, after: .start, limit: 5_000))
        let a1 = F.event("counter-a", 1)
        try #require(machine.pageRead(F.page([a1], resumeAt: F.at(1)), now: F.t0) == .applyPage(
            .of(.rebuild, apply: [a1], from: .start, to: F.at(1), state: .rebuilding)))
        try #require(machine.written() == .swap(state: .running))
        // The next rebuild defers its rows again.
        _ = machine.swapped(F.row(checkpoint: F.at(1), generation: 2))
        #expect(machine.rebuildPagesDeferRows)
    }

    @Test("an empty rebuild page at the rebuild's checkpoint swaps at once")
    func swapAtCheckpoint() throws {
        var machine = try F.started(row: F.rebuildingRow(at: F.at(9)), rebuild: [])
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.rebuild, after: F.at(9), limit: 5_000))
        try #require(machine.pageRead(F.page([], resumeAt: F.at(9)), now: F.t0) == .swap(state: .running))
    }

    @Test("a full rebuild page does not swap")
    func fullPageDoesNotSwap() throws {
        var machine = try F.started(row: F.rebuildingRow(), rebuild: [])
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.rebuild, after: .start, limit: 5_000))
        try #require(machine.pageRead(F.page([F.event("counter-a", 1)], resumeAt: F.at(1), isFull: true), now: F.t0) == .applyPage(
            .of(.rebuild, apply: [F.event("counter-a", 1)], from: .start, to: F.at(1), state: .rebuilding)))
        try #require(machine.written() == .readPage(.live, after: .start, limit: 5_000))
    }

    @Test("a rebuild that parks the maximum stops with its reason, and the live tables are still followed")
    func rebuildMaximum() throws {
        let a1 = F.event("counter-a", 1)
        var machine = try parkingTheMaximum(lastPage: false, finishesRebuilds: false)
        // The rebuild's failure is the projection's state: live moves store it too.
        try #require(machine.pageRead(F.page([a1], resumeAt: F.at(1)), now: F.t0) == .applyPage(
            .of(.live, apply: [a1], from: .start, to: F.at(1), state: .failed)))
        try #require(machine.written() == .beginRound)
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.live, after: F.at(1), limit: 1_000))
    }

    @Test("a rebuild that parks the maximum in its last page never swaps, nor writes its rows at the end", arguments: [false, true])
    func rebuildMaximumInLastPage(finishesRebuilds: Bool) throws {
        let machine = try parkingTheMaximum(lastPage: true, finishesRebuilds: finishesRebuilds)
        #expect(machine.rebuilding)
    }

    /// A rebuild page of two events whose first is poison, with a maximum of one letter: the
    /// rebuild stops (state `failed`) and the round goes on to the live page. `lastPage`: the
    /// page is not full, so the rebuild would have caught up with it.
    private func parkingTheMaximum(lastPage: Bool, finishesRebuilds: Bool) throws -> Machine {
        let (a1, b2) = (F.event("counter-a", 1), F.event("counter-b", 2))
        var machine = try F.started(
            row: F.rebuildingRow(), rebuild: [], options: F.options(maxOpenDeadLetters: 1, maxAttempts: 1), finishesRebuilds: finishesRebuilds)
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.rebuild, after: .start, limit: 5_000))
        try #require(machine.pageRead(F.page([a1, b2], resumeAt: F.at(2), isFull: !lastPage), now: F.t0) == .applyPage(
            .of(.rebuild, apply: [a1, b2], from: .start, to: F.at(2), state: .rebuilding)))
        try #require(machine.refused(error: "page refused") == .applyEvent(
            .of(.rebuild, apply: [a1], from: .start, to: F.at(1), state: .rebuilding), attempt: 1))
        try #require(machine.refused(error: "poison") == .write(
            .of(.rebuild, parks: [.failed(a1, error: "poison", attempts: 1)], from: .start, to: F.at(1), state: .failed)))
        try #require(machine.written() == .saveState(
            .failed, lastError: "the rebuild parked 1 events and stopped; fix the projector (a new version rebuilds again)"))
        try #require(machine.stateSaved() == .readPage(.live, after: .start, limit: 5_000))
        return machine
    }
}
