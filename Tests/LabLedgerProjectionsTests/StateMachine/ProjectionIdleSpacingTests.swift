import EventStore
@testable import LabLedgerProjections
import Testing

/// Under a stream of appends of other types every runner is woken by every append; an idle round
/// is followed by a pause (`idleRoundSpacing`) before the runner waits again, so idle runners read
/// at most once per spacing, while a runner that applied events goes on at once.
@Suite("Projection state machine: spacing of idle rounds")
struct ProjectionIdleSpacingTests {
    typealias F = Fixture

    static func spaced(_ spacing: Duration) -> ProjectionWorkerOptions {
        var options = F.options()
        options.idleRoundSpacing = spacing
        return options
    }

    /// A spaced machine whose first round read and applied one event, and which was told to
    /// start the next round at once.
    static func afterAppliedRound() throws -> Machine {
        var machine = try F.started(options: spaced(.milliseconds(10)))
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.live, after: .start, limit: 5_000))
        let events = [F.event("counter-a", 1)]
        try #require(machine.pageRead(F.page(events, resumeAt: F.at(1)), now: F.t0) == .applyPage(
            .of(.live, apply: events, from: .start, to: F.at(1), state: .running)))
        try #require(machine.written() == .beginRound)
        return machine
    }

    @Test func anIdleRoundSettlesForTheSpacingBeforeWaitingForAppends() throws {
        var machine = try F.started(options: Self.spaced(.milliseconds(10)))
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.live, after: .start, limit: 5_000))
        try #require(machine.pageRead(F.page([], resumeAt: .start), now: F.t0) == .settle(.milliseconds(10)))
        try #require(machine.settled() == .wait(.milliseconds(500)))
        // Not behind any more (the page was not full): a live-sized page.
        try #require(machine.roundBegins(now: F.t0 + .milliseconds(10), stopping: false) == .readPage(.live, after: .start, limit: 1_000))
    }

    @Test func aRoundThatMovedPastOtherTypesOnlyIsIdleAndSettlesAfterItsAnnouncement() throws {
        var machine = try F.started(options: Self.spaced(.milliseconds(10)))
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.live, after: .start, limit: 5_000))
        try #require(machine.pageRead(F.page([], resumeAt: F.at(7)), now: F.t0) == .announce(F.at(7)))
        try #require(machine.announced() == .settle(.milliseconds(10)))
        try #require(machine.settled() == .wait(.milliseconds(500)))
    }

    @Test func aRoundThatAppliedEventsStartsTheNextAtOnce() throws {
        // The helper's last step requires `.beginRound` after the applied page.
        _ = try Self.afterAppliedRound()
    }

    /// A client that writes and reads its write, one after another: the round after the applied
    /// page finds nothing, and the runner waits for the next append at once, not after the spacing.
    @Test func theIdleRoundRightAfterAppliedEventsWaitsWithoutSettlingAndTheNextIdleOneSettles() throws {
        var machine = try Self.afterAppliedRound()
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.live, after: F.at(1), limit: 1_000))
        try #require(machine.pageRead(F.page([], resumeAt: F.at(1)), now: F.t0) == .wait(.milliseconds(500)))
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.live, after: F.at(1), limit: 1_000))
        try #require(machine.pageRead(F.page([], resumeAt: F.at(1)), now: F.t0) == .settle(.milliseconds(10)))
    }

    @Test func aStopDuringTheSpacingEndsTheSessionAtTheNextRound() throws {
        var machine = try F.started(options: Self.spaced(.milliseconds(10)))
        try #require(machine.roundBegins(now: F.t0, stopping: false) == .readPage(.live, after: .start, limit: 5_000))
        try #require(machine.pageRead(F.page([], resumeAt: .start), now: F.t0) == .settle(.milliseconds(10)))
        try #require(machine.settled() == .wait(.milliseconds(500)))
        #expect(machine.roundBegins(now: F.t0, stopping: true) == .stop)
    }
}
