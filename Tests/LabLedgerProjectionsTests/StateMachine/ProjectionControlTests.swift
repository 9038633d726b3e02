import EventStore
@testable import LabLedgerProjections
import Testing

@Suite("Projection state machine: operator requests")
struct ProjectionControlTests {
    typealias F = Fixture

    static func options(maxOpenDeadLetters: Int = 100) -> ProjectionWorkerOptions {
        var options = F.options(maxOpenDeadLetters: maxOpenDeadLetters)
        options.controlInterval = .milliseconds(250)
        return options
    }

    /// A started machine whose next round (at `now`) looks at operator requests.
    static func controlling(live: [OpenLetter] = [], row: ProjectionRow = F.row(), maxOpenDeadLetters: Int = 100) throws -> Machine {
        let rebuild: [OpenLetter]? = row.rebuildGeneration == nil ? nil : []
        var machine = try F.started(row: row, live: live, rebuild: rebuild, options: options(maxOpenDeadLetters: maxOpenDeadLetters))
        try #require(machine.roundBegins(now: F.t0 + .milliseconds(250), stopping: false) == .loadControl)
        return machine
    }

    @Test("requests are looked at once the control interval has passed since the last look, not before")
    func interval() throws {
        var machine = try F.started(options: Self.options())
        try #require(machine.roundBegins(now: F.t0 + .milliseconds(249), stopping: false) == .readPage(.live, after: .start, limit: 5_000))
        try #require(machine.pageRead(F.page([], resumeAt: .start), now: F.t0) == .wait(.milliseconds(500)))
        try #require(machine.roundBegins(now: F.t0 + .milliseconds(250), stopping: false) == .loadControl)
        try #require(machine.controlLoaded(F.row()) == .loadLetters(live: 1, rebuild: nil))
        try #require(machine.lettersLoaded(live: [], rebuild: nil) == .loadLetters(live: 1, rebuild: nil))
        try #require(machine.lettersLoaded(live: [], rebuild: nil) == .readPage(.live, after: .start, limit: 1_000))
        try #require(machine.pageRead(F.page([], resumeAt: .start), now: F.t0) == .wait(.milliseconds(500)))
        try #require(machine.roundBegins(now: F.t0 + .milliseconds(499), stopping: false) == .readPage(.live, after: .start, limit: 1_000))
        try #require(machine.pageRead(F.page([], resumeAt: .start), now: F.t0) == .wait(.milliseconds(500)))
        try #require(machine.roundBegins(now: F.t0 + .milliseconds(500), stopping: false) == .loadControl)
    }

    @Test("a checkpoint or generation this worker did not move gives the projection up")
    func lostOwnership() throws {
        var moved = try Self.controlling()
        try #require(moved.controlLoaded(F.row(checkpoint: F.at(5))) == .lostOwnership)
        var regenerated = try Self.controlling()
        try #require(regenerated.controlLoaded(F.row(generation: 2)) == .lostOwnership)
    }

    @Test("a rebuild an operator requested starts at the next control, and its pages are read in the same round")
    func requestedRebuild() throws {
        var machine = try Self.controlling()
        try #require(machine.controlLoaded(F.row(rebuildRequested: true)) == .startRebuild(reason: "requested"))
        try #require(machine.rebuildStarted(F.rebuildingRow()) == .loadLetters(live: 1, rebuild: nil))
        try #require(machine.lettersLoaded(live: [], rebuild: nil) == .loadLetters(live: 1, rebuild: 2))
        try #require(machine.lettersLoaded(live: [], rebuild: []) == .saveState(.rebuilding, lastError: nil))
        try #require(machine.stateSaved() == .readPage(.rebuild, after: .start, limit: 5_000))
    }

    @Test("a requested rebuild already under way is not started again")
    func rebuildUnderWay() throws {
        var machine = try Self.controlling(row: F.rebuildingRow(at: F.at(9)))
        try #require(machine.controlLoaded(F.rebuildingRow(at: F.at(12))) == .loadLetters(live: 1, rebuild: nil))
    }

    @Test("retries go through each stream's letters in order; one refused again is parked again and holds back its stream's later ones")
    func retries() throws {
        var machine = try Self.controlling()
        try #require(machine.controlLoaded(F.row()) == .loadLetters(live: 1, rebuild: nil))
        let letters = [
            F.letter("counter-a", 1, retry: true), F.letter("counter-a", 2, retry: true),
            F.letter("counter-b", 3), F.letter("counter-b", 4, retry: true),
            F.letter("counter-c", 5, retry: true), F.letter("counter-c", 6, retry: true),
        ]
        try #require(machine.lettersLoaded(live: letters, rebuild: nil) == .retry(letters[0], generation: 1))
        try #require(machine.letterRetried(.refused(error: "still broken")) == .repark(letters[0], generation: 1, error: "still broken"))
        // counter-a's second letter waits for its first; counter-b's retry waits for its parked letter.
        try #require(machine.reparked() == .retry(letters[4], generation: 1))
        try #require(machine.letterRetried(.applied) == .retry(letters[5], generation: 1))
        try #require(machine.letterRetried(.applied) == .loadLetters(live: 1, rebuild: nil))
    }

    @Test("a retried letter whose event is missing does not hold back its stream")
    func missingEvent() throws {
        var machine = try Self.controlling()
        try #require(machine.controlLoaded(F.row()) == .loadLetters(live: 1, rebuild: nil))
        let letters = [F.letter("counter-a", 1, retry: true), F.letter("counter-a", 2, retry: true)]
        try #require(machine.lettersLoaded(live: letters, rebuild: nil) == .retry(letters[0], generation: 1))
        try #require(machine.letterRetried(.eventMissing) == .retry(letters[1], generation: 1))
    }

    @Test("after a control the state is stored only when the letters changed it, with the reason when it failed")
    func stateAfterControl() throws {
        var machine = try Self.controlling(maxOpenDeadLetters: 2)
        try #require(machine.controlLoaded(F.row()) == .loadLetters(live: 1, rebuild: nil))
        try #require(machine.lettersLoaded(live: [], rebuild: nil) == .loadLetters(live: 1, rebuild: nil))
        try #require(machine.lettersLoaded(live: [F.letter("counter-a", 1)], rebuild: nil) == .saveState(.stalled, lastError: nil))
        try #require(machine.stateSaved() == .readPage(.live, after: .start, limit: 5_000))
        try #require(machine.pageRead(F.page([], resumeAt: .start), now: F.t0) == .wait(.milliseconds(500)))

        try #require(machine.roundBegins(now: F.t0 + .milliseconds(500), stopping: false) == .loadControl)
        try #require(machine.controlLoaded(F.row()) == .loadLetters(live: 1, rebuild: nil))
        try #require(machine.lettersLoaded(live: [], rebuild: nil) == .loadLetters(live: 1, rebuild: nil))
        try #require(machine.lettersLoaded(live: [F.letter("counter-a", 1)], rebuild: nil) == .readPage(.live, after: .start, limit: 1_000))
        try #require(machine.pageRead(F.page([], resumeAt: .start), now: F.t0) == .wait(.milliseconds(500)))

        try #require(machine.roundBegins(now: F.t0 + .milliseconds(750), stopping: false) == .loadControl)
        try #require(machine.controlLoaded(F.row()) == .loadLetters(live: 1, rebuild: nil))
        try #require(machine.lettersLoaded(live: [], rebuild: nil) == .loadLetters(live: 1, rebuild: nil))
        let two = [F.letter("counter-a", 1), F.letter("counter-b", 2)]
        try #require(machine.lettersLoaded(live: two, rebuild: nil) == .saveState(.failed, lastError: "2 events parked; applying stopped"))
        // At the maximum the live tables are not read: the round waits.
        try #require(machine.stateSaved() == .wait(.milliseconds(500)))
    }

    @Test("letters resolved by an operator unblock their streams at the next control")
    func resolvedLetters() throws {
        var machine = try Self.controlling(live: [F.letter("counter-a", 1)])
        try #require(machine.controlLoaded(F.row()) == .loadLetters(live: 1, rebuild: nil))
        try #require(machine.lettersLoaded(live: [], rebuild: nil) == .loadLetters(live: 1, rebuild: nil))
        try #require(machine.lettersLoaded(live: [], rebuild: nil) == .saveState(.running, lastError: nil))
        try #require(machine.stateSaved() == .readPage(.live, after: .start, limit: 5_000))
        let events = [F.event("counter-a", 2)]
        try #require(machine.pageRead(F.page(events, resumeAt: F.at(2)), now: F.t0) == .applyPage(
            .of(.live, apply: events, from: .start, to: F.at(2), state: .running)))
    }
}
