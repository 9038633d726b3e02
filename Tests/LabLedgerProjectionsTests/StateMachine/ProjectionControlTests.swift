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
    static func controlling(live: [OpenLetter] = [], row: ProjectionRow = F.row(), maxOpenDeadLetters: Int = 100) -> Machine {
        let rebuild: [OpenLetter]? = row.rebuildGeneration == nil ? nil : []
        var machine = F.started(row: row, live: live, rebuild: rebuild, options: options(maxOpenDeadLetters: maxOpenDeadLetters))
        #expect(machine.roundBegins(now: F.t0 + .milliseconds(250), stopping: false) == .loadControl)
        return machine
    }

    @Test("requests are looked at once the control interval has passed since the last look, not before")
    func interval() {
        var machine = F.started(options: Self.options())
        #expect(machine.roundBegins(now: F.t0 + .milliseconds(249), stopping: false) == .readPage(.live, after: .start, limit: 5_000))
        #expect(machine.pageRead(F.page([], resumeAt: .start), now: F.t0) == .wait(.milliseconds(500)))
        #expect(machine.roundBegins(now: F.t0 + .milliseconds(250), stopping: false) == .loadControl)
        #expect(machine.controlLoaded(F.row()) == .loadLetters(live: 1, rebuild: nil))
        #expect(machine.lettersLoaded(live: [], rebuild: nil) == .loadLetters(live: 1, rebuild: nil))
        #expect(machine.lettersLoaded(live: [], rebuild: nil) == .readPage(.live, after: .start, limit: 1_000))
        #expect(machine.pageRead(F.page([], resumeAt: .start), now: F.t0) == .wait(.milliseconds(500)))
        #expect(machine.roundBegins(now: F.t0 + .milliseconds(499), stopping: false) == .readPage(.live, after: .start, limit: 1_000))
        #expect(machine.pageRead(F.page([], resumeAt: .start), now: F.t0) == .wait(.milliseconds(500)))
        #expect(machine.roundBegins(now: F.t0 + .milliseconds(500), stopping: false) == .loadControl)
    }

    @Test("a checkpoint or generation this worker did not move gives the projection up")
    func lostOwnership() {
        var moved = Self.controlling()
        #expect(moved.controlLoaded(F.row(checkpoint: F.at(5))) == .lostOwnership)
        var regenerated = Self.controlling()
        #expect(regenerated.controlLoaded(F.row(generation: 2)) == .lostOwnership)
    }

    @Test("a rebuild an operator requested starts at the next control, and its pages are read in the same round")
    func requestedRebuild() {
        var machine = Self.controlling()
        #expect(machine.controlLoaded(F.row(rebuildRequested: true)) == .startRebuild(reason: "requested"))
        #expect(machine.rebuildStarted(F.rebuildingRow()) == .loadLetters(live: 1, rebuild: nil))
        #expect(machine.lettersLoaded(live: [], rebuild: nil) == .loadLetters(live: 1, rebuild: 2))
        #expect(machine.lettersLoaded(live: [], rebuild: []) == .saveState(.rebuilding, lastError: nil))
        #expect(machine.stateSaved() == .readPage(.rebuild, after: .start, limit: 5_000))
    }

    @Test("a requested rebuild already under way is not started again")
    func rebuildUnderWay() {
        var machine = Self.controlling(row: F.rebuildingRow(at: F.at(9)))
        #expect(machine.controlLoaded(F.rebuildingRow(at: F.at(12))) == .loadLetters(live: 1, rebuild: nil))
    }

    @Test("retries go through each stream's letters in order; one refused again is parked again and holds back its stream's later ones")
    func retries() {
        var machine = Self.controlling()
        _ = machine.controlLoaded(F.row())
        let letters = [
            F.letter("counter-a", 1, retry: true), F.letter("counter-a", 2, retry: true),
            F.letter("counter-b", 3), F.letter("counter-b", 4, retry: true),
            F.letter("counter-c", 5, retry: true), F.letter("counter-c", 6, retry: true),
        ]
        #expect(machine.lettersLoaded(live: letters, rebuild: nil) == .retry(letters[0], generation: 1))
        #expect(machine.letterRetried(.refused(error: "still broken")) == .repark(letters[0], generation: 1, error: "still broken"))
        // counter-a's second letter waits for its first; counter-b's retry waits for its parked letter.
        #expect(machine.reparked() == .retry(letters[4], generation: 1))
        #expect(machine.letterRetried(.applied) == .retry(letters[5], generation: 1))
        #expect(machine.letterRetried(.applied) == .loadLetters(live: 1, rebuild: nil))
    }

    @Test("a retried letter whose event is missing does not hold back its stream")
    func missingEvent() {
        var machine = Self.controlling()
        _ = machine.controlLoaded(F.row())
        let letters = [F.letter("counter-a", 1, retry: true), F.letter("counter-a", 2, retry: true)]
        #expect(machine.lettersLoaded(live: letters, rebuild: nil) == .retry(letters[0], generation: 1))
        #expect(machine.letterRetried(.eventMissing) == .retry(letters[1], generation: 1))
    }

    @Test("after a control the state is stored only when the letters changed it, with the reason when it failed")
    func stateAfterControl() {
        var machine = Self.controlling(maxOpenDeadLetters: 2)
        _ = machine.controlLoaded(F.row())
        _ = machine.lettersLoaded(live: [], rebuild: nil)
        #expect(machine.lettersLoaded(live: [F.letter("counter-a", 1)], rebuild: nil) == .saveState(.stalled, lastError: nil))
        #expect(machine.stateSaved() == .readPage(.live, after: .start, limit: 5_000))
        #expect(machine.pageRead(F.page([], resumeAt: .start), now: F.t0) == .wait(.milliseconds(500)))

        #expect(machine.roundBegins(now: F.t0 + .milliseconds(500), stopping: false) == .loadControl)
        _ = machine.controlLoaded(F.row())
        _ = machine.lettersLoaded(live: [], rebuild: nil)
        #expect(machine.lettersLoaded(live: [F.letter("counter-a", 1)], rebuild: nil) == .readPage(.live, after: .start, limit: 1_000))
        #expect(machine.pageRead(F.page([], resumeAt: .start), now: F.t0) == .wait(.milliseconds(500)))

        #expect(machine.roundBegins(now: F.t0 + .milliseconds(750), stopping: false) == .loadControl)
        _ = machine.controlLoaded(F.row())
        _ = machine.lettersLoaded(live: [], rebuild: nil)
        let two = [F.letter("counter-a", 1), F.letter("counter-b", 2)]
        #expect(machine.lettersLoaded(live: two, rebuild: nil) == .saveState(.failed, lastError: "2 events parked; applying stopped"))
        // At the maximum the live tables are not read: the round waits.
        #expect(machine.stateSaved() == .wait(.milliseconds(500)))
    }

    @Test("letters resolved by an operator unblock their streams at the next control")
    func resolvedLetters() {
        var machine = Self.controlling(live: [F.letter("counter-a", 1)])
        _ = machine.controlLoaded(F.row())
        _ = machine.lettersLoaded(live: [], rebuild: nil)
        #expect(machine.lettersLoaded(live: [], rebuild: nil) == .saveState(.running, lastError: nil))
        #expect(machine.stateSaved() == .readPage(.live, after: .start, limit: 5_000))
        let events = [F.event("counter-a", 2)]
        #expect(machine.pageRead(F.page(events, resumeAt: F.at(2)), now: F.t0) == .applyPage(
            .of(.live, apply: events, from: .start, to: F.at(2), state: .running)))
    }
}
