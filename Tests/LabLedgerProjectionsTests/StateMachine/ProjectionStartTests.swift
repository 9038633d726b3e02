import EventStore
@testable import LabLedgerProjections
import Testing

@Suite("Projection state machine: start-up")
struct ProjectionStartTests {
    typealias F = Fixture

    @Test("tables a migration did not register are reported, and the session then only waits until stopped")
    func unregisteredTables() throws {
        var machine = F.machine()
        try #require(machine.start(registeredTables: ["counter_documents"]) == .reportSetupFailure(
            .tablesNotRegistered(projection: "counter", declared: F.tables, registered: ["counter_documents"])))
        try #require(machine.stateSaved() == .beginRound)
        // Long past the control interval: still no control, no page.
        try #require(machine.roundBegins(now: F.t0 + .seconds(7_200), stopping: false) == .wait(.seconds(1)))
        try #require(machine.roundBegins(now: F.t0 + .seconds(7_201), stopping: false) == .wait(.seconds(1)))
        try #require(machine.roundBegins(now: F.t0 + .seconds(7_202), stopping: true) == .stop)
    }

    @Test("a projection with its tables registered loads its open letters, stores running and starts its rounds")
    func freshStart() throws {
        var machine = F.machine()
        try #require(machine.start(registeredTables: F.tables) == .loadLetters(live: 1, rebuild: nil))
        try #require(machine.lettersLoaded(live: [], rebuild: nil) == .saveState(.running, lastError: nil))
        try #require(machine.stateSaved() == .beginRound)
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.live, after: .start, limit: 5_000))
    }

    @Test("open letters found at start-up make the projection stalled")
    func lettersAtStart() throws {
        var machine = F.machine()
        try #require(machine.start(registeredTables: F.tables) == .loadLetters(live: 1, rebuild: nil))
        try #require(machine.lettersLoaded(live: [F.letter("counter-a", 3)], rebuild: nil) == .saveState(.stalled, lastError: nil))
        #expect(machine.liveLetters.blockedStreams == ["counter-a"])
    }

    @Test("live tables built by another projector version are rebuilt")
    func otherVersionRebuilds() throws {
        var machine = F.machine(version: 2, row: F.row(version: 1))
        try #require(machine.start(registeredTables: F.tables) == .loadLetters(live: 1, rebuild: nil))
        try #require(machine.lettersLoaded(live: [], rebuild: nil) == .startRebuild(reason: "projector version 1 → 2"))
        let rebuilding = F.row(version: 1, rebuildRequested: true, rebuildVersion: 2, rebuildGeneration: 2, rebuildCheckpoint: .start)
        try #require(machine.rebuildStarted(rebuilding) == .saveState(.rebuilding, lastError: nil))
        try #require(machine.stateSaved() == .beginRound)
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.rebuild, after: .start, limit: 5_000))
    }

    @Test("a rebuild begun by another version starts again, without the letters of the abandoned attempt")
    func otherVersionsRebuildRestarts() throws {
        var options = F.options(maxOpenDeadLetters: 1)
        options.rebuildBatchSize = 700
        let row = F.row(version: 2, rebuildVersion: 1, rebuildGeneration: 2, rebuildCheckpoint: F.at(40))
        var machine = Machine(name: "counter", version: 2, tables: F.tables, options: options, row: row, now: F.t0)
        try #require(machine.start(registeredTables: F.tables) == .loadLetters(live: 1, rebuild: 2))
        try #require(machine.lettersLoaded(live: [], rebuild: [F.letter("counter-a", 7)]) == .startRebuild(reason: "projector version 1 → 2"))
        let restarted = F.row(version: 2, rebuildVersion: 2, rebuildGeneration: 3, rebuildCheckpoint: .start)
        // With the old letter still counted, the maximum of one would make it failed.
        try #require(machine.rebuildStarted(restarted) == .saveState(.rebuilding, lastError: nil))
        try #require(machine.stateSaved() == .beginRound)
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.rebuild, after: .start, limit: 700))
    }

    @Test("a rebuild under way for this version resumes from its own checkpoint")
    func rebuildResumes() throws {
        let row = F.row(version: 1, rebuildVersion: 1, rebuildGeneration: 2, rebuildCheckpoint: F.at(40))
        var machine = try F.started(row: row, rebuild: [])
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.rebuild, after: F.at(40), limit: 5_000))
    }

    @Test("a rebuild and live tables that are behind read rebuild-sized pages")
    func pageSizesByTarget() throws {
        var options = F.options()
        options.rebuildBatchSize = 50_000
        let rebuilding = F.row(version: 1, rebuildVersion: 1, rebuildGeneration: 2, rebuildCheckpoint: F.at(40))
        var rebuild = try F.started(row: rebuilding, rebuild: [], options: options)
        try #require(rebuild.roundBegins(now: F.t0, stopping: false) == .readPage(.rebuild, after: F.at(40), limit: 50_000))
        // A runner starts as if behind: its first live page is rebuild-sized.
        var live = try F.started(options: options)
        try #require(live.roundBegins(now: F.t0, stopping: false) == .readPage(.live, after: .start, limit: 50_000))
    }

    @Test("a rebuild requested while no worker ran starts at start-up")
    func requestedRebuildAtStart() throws {
        var machine = F.machine(row: F.row(rebuildRequested: true))
        try #require(machine.start(registeredTables: F.tables) == .loadLetters(live: 1, rebuild: nil))
        try #require(machine.lettersLoaded(live: [], rebuild: nil) == .startRebuild(reason: "requested"))
    }
}
