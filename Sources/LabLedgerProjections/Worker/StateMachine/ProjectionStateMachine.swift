import EventStore

/// A projection's policy while its runner holds the lock, as a value: no I/O, no clock, no
/// tasks. As postgres-nio drives its protocol, each input (a row loaded, a page read, a write
/// committed or refused, a wait over) changes the state and returns the one `Action` to
/// perform next; the driver, `ActiveProjection`, performs it and feeds the result back.
///
/// A session starts by checking the tables and picking up open letters and any rebuild to
/// (re)start, then runs in rounds: operator requests every `controlInterval`, a page of the
/// rebuild while one is under way, a page of the live tables, and a wait when none of them
/// did anything. An input the current phase does not expect is a bug in the driver.
struct ProjectionStateMachine<Event: PagedEvent>: Sendable {
    let name: String
    let version: Int
    /// The projector's tables, sorted.
    let tables: [String]
    let options: ProjectionWorkerOptions

    /// The row as this worker last read or moved it.
    var row: ProjectionRow
    var liveLetters = OpenLetters()
    var rebuildLetters = OpenLetters()
    var lastControl: ContinuousClock.Instant
    var lastIdleSave: ContinuousClock.Instant
    /// The furthest live checkpoint announced without being saved (see `emptyPageRead`).
    var lastAnnounced: Checkpoint?
    /// The last live page was full: the projection is behind, so it reads rebuild-sized pages.
    var catchingUp = true
    /// Events the live tables read in rebuild-sized pages since they last caught up (see
    /// `Action.releaseMemory`).
    var eventsCaughtUp = 0
    /// What the row's state says, so that a control stores the state only when it changed.
    var storedState: ProjectionState?
    /// The round applied or parked events or swapped tables: the next one starts without waiting.
    var worked = false
    /// The round before this one worked: if this one finds nothing, its runner has just caught
    /// up and waits for the next append without settling (a client that writes and then reads
    /// its write, one after another, would otherwise wait out the spacing at every write).
    var previousRoundWorked = false
    var phase = Phase.created
    /// The projector can leave a rebuild's derived rows to its end (`Projector.defersRebuildRows`).
    let finishesRebuilds: Bool
    /// The rebuild's tables may lack the rows derived from documents, so they are written before
    /// the swap: its pages deferred them, or this session resumed it and cannot tell how its
    /// pages were written (an earlier session, or another worker or release, wrote them).
    var rebuildRowsDue: Bool
    /// The database refused the current rebuild's rows at its end: its pages write them now.
    var rebuildRowsWereRefused = false
    /// The current rebuild's rows were written at its end: the pages it reads after that, to
    /// catch up with what the live tables applied meanwhile, write theirs.
    var rebuildRowsWritten = false
    /// The next part of the rows due, while they are being written (one part per round).
    var finishCursor: String?

    /// The lock is won and the row (`row`) loaded at `now`.
    init(
        name: String, version: Int, tables: [String], options: ProjectionWorkerOptions, row: ProjectionRow, now: ContinuousClock.Instant,
        finishesRebuilds: Bool = false
    ) {
        self.name = name
        self.version = version
        self.tables = tables.sorted()
        self.options = options
        self.row = row
        self.lastControl = now
        self.lastIdleSave = now
        self.finishesRebuilds = finishesRebuilds
        self.rebuildRowsDue = finishesRebuilds
    }

    /// A rebuild's pages write documents and keyed rows only (`ProjectionContext.defersRows`).
    var rebuildPagesDeferRows: Bool {
        finishesRebuilds && options.rebuildRowsAtEnd && !rebuildRowsWereRefused && !rebuildRowsWritten
    }

    var rebuilding: Bool { row.rebuildCheckpoint != nil }

    subscript(letters target: ProjectionTarget) -> OpenLetters {
        get { target == .live ? liveLetters : rebuildLetters }
        set {
            switch target {
            case .live: liveLetters = newValue
            case .rebuild: rebuildLetters = newValue
            }
        }
    }

    /// The state to store: a rebuild that parked the maximum stops (the live tables go on).
    var state: ProjectionState {
        if rebuilding, rebuildLetters.count >= options.maxOpenDeadLetters { return .failed }
        return .active(rebuilding: rebuilding, openDeadLetters: liveLetters.count, maxOpenDeadLetters: options.maxOpenDeadLetters)
    }

    var failureReason: String? {
        guard state == .failed else { return nil }
        if liveLetters.count >= options.maxOpenDeadLetters {
            return "\(options.maxOpenDeadLetters) events parked; applying stopped"
        }
        return "the rebuild parked \(options.maxOpenDeadLetters) events and stopped; fix the projector (a new version rebuilds again)"
    }

    func checkpoint(_ target: ProjectionTarget) -> Checkpoint {
        switch target {
        case .live: row.checkpoint
        case .rebuild: row.rebuildCheckpoint ?? .start
        }
    }

    func generation(_ target: ProjectionTarget) -> Int {
        switch target {
        case .live: row.generation
        case .rebuild: row.rebuildGeneration ?? row.generation
        }
    }

    // MARK: - Start-up

    /// Tables a migration did not register are a setup error: it is reported and nothing is
    /// applied (the session waits until stopped). Otherwise the open letters come first.
    mutating func start(registeredTables: [String]) -> Action {
        guard case .created = phase else { preconditionFailure("Invalid phase: \(phase)") }
        guard registeredTables == tables else {
            phase = .startingUp(.reportingSetupFailure)
            return .reportSetupFailure(.tablesNotRegistered(projection: name, declared: tables, registered: registeredTables))
        }
        phase = .startingUp(.loadingLetters)
        return .loadLetters(live: row.generation, rebuild: row.rebuildGeneration)
    }

    mutating func lettersLoaded(live: [OpenLetter], rebuild: [OpenLetter]?) -> Action {
        switch phase {
        case .startingUp(.loadingLetters):
            replaceLetters(live: live, rebuild: rebuild)
            if let reason = rebuildReasonAtStart {
                phase = .startingUp(.startingRebuild)
                return .startRebuild(reason: reason)
            }
            return saveStartingState()
        case .controlling(.loadingRetries):
            return retryNext(Retries(letters: live))
        case .controlling(.reloadingLetters):
            replaceLetters(live: live, rebuild: rebuild)
            return saveStateIfChanged()
        default:
            preconditionFailure("Invalid phase: \(phase)")
        }
    }

    /// What is being built must be this version: a rebuild begun by another version (a rolling
    /// deploy, a rollback) starts again rather than finish with this code.
    private var rebuildReasonAtStart: String? {
        let building = rebuilding ? row.rebuildVersion : row.version
        if building != version { return "projector version \(building.map(String.init) ?? "?") → \(version)" }
        if row.rebuildRequested, !rebuilding { return "requested" }
        return nil
    }

    /// Fresh rebuild tables start with no letters of their own.
    mutating func rebuildStarted(_ fresh: ProjectionRow) -> Action {
        switch phase {
        case .startingUp(.startingRebuild):
            row = fresh
            rebuildLetters = OpenLetters()
            rebuildStartedAfresh()
            return saveStartingState()
        case .controlling(.startingRebuild):
            row = fresh
            rebuildLetters = OpenLetters()
            rebuildStartedAfresh()
            return loadRetries()
        default:
            preconditionFailure("Invalid phase: \(phase)")
        }
    }

    /// This session fills fresh tables from the first event: rows are due at the end only if its pages defer them.
    private mutating func rebuildStartedAfresh() {
        finishCursor = nil
        rebuildRowsWritten = false
        rebuildRowsDue = rebuildPagesDeferRows
    }

    private mutating func saveStartingState() -> Action {
        phase = .startingUp(.savingState(state))
        return .saveState(state, lastError: nil)
    }

    mutating func stateSaved() -> Action {
        switch phase {
        case .startingUp(.reportingSetupFailure):
            phase = .setupFailed
            return .beginRound
        case .startingUp(.savingState(let saved)):
            storedState = saved
            phase = .betweenRounds
            return .beginRound
        case .controlling(.savingState(let saved)):
            storedState = saved
            return next(after: .control)
        case .savingFailure(let recovery):
            storedState = .failed
            return pageDone(recovery.target, recovery.page)
        default:
            preconditionFailure("Invalid phase: \(phase)")
        }
    }

    mutating func replaceLetters(live: [OpenLetter], rebuild: [OpenLetter]?) {
        liveLetters = OpenLetters(live)
        if let rebuild { rebuildLetters = OpenLetters(rebuild) }
    }

    // MARK: - Rounds

    /// A round starts: stop if asked (the page in hand was finished), else look for operator
    /// requests when they are due, then read pages.
    mutating func roundBegins(now: ContinuousClock.Instant, stopping: Bool) -> Action {
        switch phase {
        case .betweenRounds, .setupFailed: break
        default: preconditionFailure("Invalid phase: \(phase)")
        }
        if stopping {
            phase = .ended
            return .stop
        }
        if case .setupFailed = phase { return .wait(options.standbyInterval) }
        previousRoundWorked = worked
        worked = false
        if now - lastControl >= options.controlInterval {
            lastControl = now
            phase = .controlling(.loadingRow)
            return .loadControl
        }
        return next(after: .control)
    }

    /// The round's next step once `done` is done: the rebuild's page, the live page, then the
    /// end of the round. A target holding the maximum of open letters is not read.
    mutating func next(after done: RoundStep) -> Action {
        if done < .rebuild, rebuilding, rebuildLetters.count < options.maxOpenDeadLetters {
            if let cursor = finishCursor { return finishRebuild(after: cursor) }
            return read(.rebuild)
        }
        if done < .live, liveLetters.count < options.maxOpenDeadLetters { return read(.live) }
        if !worked, !previousRoundWorked, options.idleRoundSpacing > .zero {
            phase = .settling
            return .settle(options.idleRoundSpacing)
        }
        phase = .betweenRounds
        return worked ? .beginRound : .wait(options.pollInterval)
    }

    /// The idle round's spacing is over: wait for the next append (one that rang meanwhile
    /// starts the round at once).
    mutating func settled() -> Action {
        guard case .settling = phase else { preconditionFailure("Invalid phase: \(phase)") }
        phase = .betweenRounds
        return .wait(options.pollInterval)
    }
}
