import EventStore
@testable import LabLedgerProjections
import Testing

/// An event as the state machine sees it: a stream and a checkpoint.
struct PageEvent: PagedEvent {
    var streamID: String
    var checkpoint: Checkpoint
}

typealias Machine = ProjectionStateMachine<PageEvent>

/// Values for driving a `ProjectionStateMachine` without a database.
enum Fixture {
    static let tables = ["counter_documents", "counter_totals"]
    static let t0 = ContinuousClock.now

    static func at(_ position: Int64) -> Checkpoint {
        Checkpoint(transactionID: 100 + UInt64(position), position: position)
    }

    static func event(_ stream: String, _ position: Int64) -> PageEvent {
        PageEvent(streamID: stream, checkpoint: at(position))
    }

    static func page(_ events: [PageEvent], resumeAt: Checkpoint, isFull: Bool = false) -> Machine.Page {
        Machine.Page(events: events, resumeAt: resumeAt, isFull: isFull)
    }

    static func letter(_ stream: String, _ position: Int64, retry: Bool = false) -> OpenLetter {
        OpenLetter(position: position, stream: stream, retry: retry)
    }

    static func row(
        checkpoint: Checkpoint = .start, version: Int = 1, generation: Int = 1, rebuildRequested: Bool = false,
        rebuildVersion: Int? = nil, rebuildGeneration: Int? = nil, rebuildCheckpoint: Checkpoint? = nil
    ) -> ProjectionRow {
        ProjectionRow(
            version: version, checkpoint: checkpoint, eventsApplied: 0, generation: generation, rebuildRequested: rebuildRequested,
            rebuildVersion: rebuildVersion, rebuildGeneration: rebuildGeneration, rebuildCheckpoint: rebuildCheckpoint,
            rebuildEventsApplied: 0)
    }

    /// A row with a rebuild of version 1 under way in generation 2.
    static func rebuildingRow(at checkpoint: Checkpoint = .start) -> ProjectionRow {
        row(rebuildRequested: true, rebuildVersion: 1, rebuildGeneration: 2, rebuildCheckpoint: checkpoint)
    }

    /// The default options, except a control interval no test reaches unless it sets its own and
    /// no spacing between idle rounds.
    static func options(maxOpenDeadLetters: Int = 100, maxAttempts: Int = 3) -> ProjectionWorkerOptions {
        var options = ProjectionWorkerOptions()
        options.controlInterval = .seconds(3_600)
        // The page sizes these tests were written with (the rebuild default is 50,000 now).
        options.rebuildBatchSize = 5_000
        // Idle rounds end in a wait, as they did before the spacing; its own tests set it.
        options.idleRoundSpacing = .zero
        options.maxOpenDeadLetters = maxOpenDeadLetters
        options.maxAttempts = maxAttempts
        return options
    }

    static func machine(
        version: Int = 1, row: ProjectionRow = row(), options: ProjectionWorkerOptions = options(), finishesRebuilds: Bool = false
    ) -> Machine {
        Machine(name: "counter", version: version, tables: tables.reversed(), options: options, row: row, now: t0, finishesRebuilds: finishesRebuilds)
    }

    /// A machine through its start-up with these open letters (no rebuild to start), between rounds.
    static func started(
        row: ProjectionRow = row(), live: [OpenLetter] = [], rebuild: [OpenLetter]? = nil, options: ProjectionWorkerOptions = options(),
        finishesRebuilds: Bool = false
    ) throws -> Machine {
        var machine = machine(row: row, options: options, finishesRebuilds: finishesRebuilds)
        try #require(machine.start(registeredTables: tables) == .loadLetters(live: row.generation, rebuild: row.rebuildGeneration))
        let save = machine.lettersLoaded(live: live, rebuild: rebuild)
        try #require(save == .saveState(machine.state, lastError: nil))
        try #require(machine.stateSaved() == .beginRound)
        return machine
    }
}

extension Machine.Write {
    /// A write as the tests expect it: generation 1 (live) or 2 (rebuild) unless given.
    static func of(
        _ target: ProjectionTarget, apply: [PageEvent] = [], parks: [Machine.Park] = [], generation: Int? = nil,
        from: Checkpoint, to: Checkpoint, state: ProjectionState
    ) -> Self {
        Self(
            target: target, apply: apply, parks: parks, generation: generation ?? (target == .live ? 1 : 2), from: from, to: to,
            state: state)
    }
}
