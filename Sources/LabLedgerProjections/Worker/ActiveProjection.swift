import EventStore
import Logging
import PostgresNIO

/// The worker's side of a projection while it holds the lock: performs the actions of its
/// `ProjectionStateMachine` on the lock's connection and feeds their results back. Lives in one task.
final class ActiveProjection {
    typealias Machine = ProjectionStateMachine<RecordedEvent>

    private let runner: ProjectionRunner
    private let book: ProjectionBook
    /// Rings on appends, on the other runners' commits and on a shutdown.
    private let wakeups: AppendWakeups
    /// This runner's place at the worker's commit bell.
    private let seat: Int
    private var machine: Machine
    /// Documents folded by earlier pages, per target; see `DocumentCache`.
    private var caches: [ProjectionTarget: DocumentCache]

    private var projector: any Projector { runner.projector }
    private var options: ProjectionWorkerOptions { runner.options }
    private var logger: Logger { runner.logger }
    /// Holds the lock; every read and write of the projection runs on it.
    private var connection: PostgresConnection { book.connection }

    private init(runner: ProjectionRunner, book: ProjectionBook, wakeups: AppendWakeups, seat: Int, machine: Machine) {
        self.runner = runner
        self.book = book
        self.wakeups = wakeups
        self.seat = seat
        self.machine = machine
        self.caches = [
            .live: DocumentCache(limit: runner.options.documentCacheLimit),
            .rebuild: DocumentCache(limit: runner.options.documentCacheLimit),
        ]
    }

    /// Applies pages until told to stop. A page in hand is finished (committed) or, if the
    /// connection is lost or the task cancelled, rolled back with the connection.
    static func follow(runner: ProjectionRunner, book: ProjectionBook, wakeups: AppendWakeups, seat: Int, stop: StopSignal) async throws {
        let projector = runner.projector
        try ProjectionSetupError.validate(projector.name)
        for table in projector.tables { try ProjectionSetupError.validate(table) }
        for column in projector.columnNames { try ProjectionSetupError.validate(column) }
        try await book.register(version: projector.version, eventTypes: projector.eventTypes.sorted(), worker: runner.options.workerName)
        let machine = Machine(
            name: projector.name, version: projector.version, tables: projector.tables, options: runner.options,
            row: try await book.load(), now: .now, finishesRebuilds: projector.defersRebuildRows)
        let active = ActiveProjection(runner: runner, book: book, wakeups: wakeups, seat: seat, machine: machine)
        try await active.run(registeredTables: try await book.registeredTables(), stop: stop)
    }

    private func run(registeredTables: [String], stop: StopSignal) async throws {
        var action = machine.start(registeredTables: registeredTables)
        while true {
            switch action {
            case .reportSetupFailure(let problem):
                try await book.setState(.failed, lastError: problem.description)
                logger.error("\(problem)")
                action = machine.stateSaved()
            case .loadLetters(let live, let rebuild):
                let liveLetters = try await book.openLetters(generation: live)
                var rebuildLetters: [OpenLetter]?
                if let rebuild { rebuildLetters = try await book.openLetters(generation: rebuild) }
                action = machine.lettersLoaded(live: liveLetters, rebuild: rebuildLetters)
            case .startRebuild(let reason):
                logger.notice("projection \(projector.name): rebuilding (\(reason))")
                try await book.startRebuild(version: projector.version, reason: reason)
                caches[.rebuild] = DocumentCache(limit: options.documentCacheLimit)
                action = machine.rebuildStarted(try await book.load())
            case .saveState(let state, let lastError):
                try await book.setState(state, lastError: lastError)
                action = machine.stateSaved()
            case .loadControl:
                try book.ensureOpen()
                action = machine.controlLoaded(try await book.load())
            case .lostOwnership:
                throw ProjectionBook.LostOwnership(name: projector.name)
            case .retry(let letter, let generation):
                action = machine.letterRetried(try await retry(letter, generation: generation))
            case .repark(let letter, let generation, let error):
                try await book.reparkAfterRetry(position: letter.position, generation: generation, error: error)
                logger.warning("projection \(projector.name): retried event \(letter.position) failed again: \(error)")
                action = machine.reparked()
            case .readPage(_, let after, let limit):
                try book.ensureOpen()
                action = machine.pageRead(try await readPage(after: after, limit: limit), now: .now)
            case .applyPage(let write):
                do {
                    // A repeated new fact fails the page, and `refused` applies its events one
                    // by one, reading them (`ProjectionContext.readsNewFacts`).
                    try await perform(write, readingNewFacts: false)
                    action = machine.written()
                } catch where Self.isPageRefusal(error, rowsDeferred: defersRows(write.target)) {
                    let reason = PostgresEventStore.describe(error)
                    if Self.isMalformedCopy(sqlState: Self.sqlState(of: error)) {
                        logger.error(
                            "projection \(projector.name): PostgreSQL could not read a page's COPY text (\(reason)), a fault of CopyRows to report; applying its events one by one, their rows in statements")
                    } else {
                        logger.warning("projection \(projector.name): a page failed (\(reason)); applying its events one by one")
                    }
                    action = machine.refused(error: reason)
                }
            case .applyEvent(let write, _):
                do {
                    try await perform(write)
                    action = machine.written()
                } catch where Self.isRefusal(error) {
                    action = machine.refused(error: PostgresEventStore.describe(error))
                }
            case .write(let write):
                try await perform(write)
                action = machine.written()
            case .pause(let delay):
                try await Task.sleep(for: delay)
                action = machine.paused()
            case .finishRebuild(let cursor):
                try book.ensureOpen()
                do {
                    let next = try await transaction(.rebuild) { try await projector.finishRebuild(after: cursor, in: context(.rebuild)) }
                    action = machine.rebuildRowsWritten(next: next)
                } catch where Self.isRowRefusal(error) {
                    let reason = PostgresEventStore.describe(error)
                    logger.warning("projection \(projector.name): the rebuilt rows were refused (\(reason)); rebuilding with rows written per page")
                    action = machine.rebuildRowsRefused(error: reason)
                }
            case .swap(let state):
                try await book.swapRebuild(worker: options.workerName, state: state)
                let row = try await book.load()
                caches[.live] = caches[.rebuild]
                caches[.rebuild] = DocumentCache(limit: options.documentCacheLimit)
                FreedMemory.release()
                logger.notice("projection \(projector.name): rebuilt tables swapped in at \(row.checkpoint) (\(row.eventsApplied) events)")
                action = machine.swapped(row)
            case .announce(let checkpoint):
                try await book.announce(checkpoint)
                action = machine.announced()
            case .settle(let delay):
                try await Task.sleep(for: delay)
                action = machine.settled()
            case .wait(let timeout):
                await wakeups.waitForAppends(timeout: timeout)
                action = machine.roundBegins(now: .now, stopping: stop.isStopping)
            case .releaseMemory:
                FreedMemory.release()
                logger.debug("projection \(projector.name): caught up after rebuild-sized pages, freed heap handed back")
                action = machine.memoryReleased()
            case .beginRound:
                action = machine.roundBegins(now: .now, stopping: stop.isStopping)
            case .stop:
                return
            }
        }
    }

    /// The next page of up to `limit` events, read in pieces of at most the store's read limit:
    /// a rebuild's page may be larger than one read (`rebuildBatchSize`). The pieces follow each
    /// other as one page read at once would (each resumes where the last left off), and the
    /// page ends with the first piece that was not full.
    private func readPage(after: Checkpoint, limit requested: Int) async throws -> Machine.Page {
        // A size below one (a caller's options, not checked by the CLI) reads one at a time
        // rather than fail every read and retry for ever.
        let limit = max(1, requested)
        // Larger than a live page: the machine asks for a rebuild-sized page when rebuilding or
        // behind, a stretch of history worth reading type by type. (With rebuild pages no larger
        // than live ones, every page is read in order.)
        let scan: PageScan = limit > max(1, options.batchSize) ? .byType : .inOrder
        var events: [RecordedEvent] = []
        var resumeAt = after
        while true {
            let piece = try await runner.store.readPage(
                after: resumeAt, limit: min(limit - events.count, EventStoreLimits.maxReadLimit), types: projector.eventTypes,
                scan: scan, on: connection)
            let more = piece.isFull && limit > events.count + piece.events.count
            if events.isEmpty, !more {
                events = piece.events
            } else {
                // A page of several pieces is sized once, when the first comes back full: grown
                // by doubling, a rebuild's page of 50,000 held up to 80,000 slots and copied
                // itself on the way (bench/README.md).
                if events.isEmpty { events.reserveCapacity(limit) }
                events.append(contentsOf: piece.events)
            }
            resumeAt = piece.resumeAt
            if !piece.isFull || events.count >= limit {
                return Machine.Page(events: events, resumeAt: resumeAt, isFull: piece.isFull)
            }
        }
    }

    /// Rows of a rebuild's finish that the database refused for what they hold (SQLSTATE class
    /// 22, data; 23, a CHECK or a unique index; 54, a limit such as an index entry too large)
    /// or the projector could not render: the same rows would be refused again. Any other error
    /// of the database (a cancelled query, a full disk, a deadlock) ends the session instead,
    /// and the next one writes the rows again rather than throw the rebuild away.
    static func isRowRefusal(_ error: any Error) -> Bool {
        guard isRefusal(error) else { return false }
        guard error is PSQLError else { return true }
        return isRowRefusal(sqlState: sqlState(of: error))
    }

    static func isRowRefusal(sqlState: String?) -> Bool {
        guard let sqlState, !isMalformedCopy(sqlState: sqlState) else { return false }
        return ["22", "23", "54"].contains(String(sqlState.prefix(2)))
    }

    /// Refused by the projector or by PostgreSQL: the events are at fault, not the session.
    /// Whether the database refused the page itself (so its events are tried one by one and
    /// parked), rather than the session ending under it. A shutdown's cancellation is never a
    /// refusal: it would park a good event with "CancellationError" as its reason.
    /// Nor is an error of class 42 (an undefined function, table or column, a missing privilege):
    /// the statements are fixed and their values bound, so it is the schema's, not the events'.
    /// A worker started before its release's migration (0047 adds the function every live page
    /// calls) parked every event it read; it now ends the session and tries again until the
    /// migration is applied.
    static func isRefusal(_ error: any Error) -> Bool {
        let state = sqlState(of: error)
        return !(error is CancellationError) && !Task.isCancelled
            && !PostgresEventStore.isConnectionFailure(error) && !(error is ProjectionBook.LostOwnership)
            && !isSchemaMismatch(sqlState: state) && !isMalformedCopy(sqlState: state) && !(error is OneStatementUnsupported)
    }

    static func isSchemaMismatch(sqlState: String?) -> Bool {
        sqlState?.hasPrefix("42") == true
    }

    /// COPY text PostgreSQL could not read (22P04, bad COPY format): `CopyRows`' fault, never the
    /// events'. A page whose rows are deferred (a rebuild's, which sends its documents and keyed
    /// rows by COPY at any size) would send them by COPY again event by event, and park good
    /// events: its session ends instead. See `isPageRefusal`.
    static func isMalformedCopy(sqlState: String?) -> Bool {
        sqlState == "22P04"
    }

    /// Whether a page's failure makes the worker apply its events one by one. As `isRefusal`, and
    /// also COPY text PostgreSQL could not read on a page that writes its rows as it goes (a
    /// catch-up's; `rowsDeferred` false): one by one, each event's rows go in a statement, not by
    /// COPY, so nothing is parked for the fault, and the live tables go on instead of stopping
    /// at the same page in every session.
    static func isPageRefusal(_ error: any Error, rowsDeferred: Bool) -> Bool {
        isRefusal(error) || (!rowsDeferred && !Task.isCancelled && isMalformedCopy(sqlState: sqlState(of: error)))
    }

    /// PostgreSQL's SQLSTATE for `error`; nil for any error that is not the server's.
    static func sqlState(of error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// One transaction on the projection's connection (`settled`).
    private func transaction<T>(_ target: ProjectionTarget, _ body: () async throws -> T) async throws -> T {
        try await settled(target) { try await book.transaction(body) }
    }

    /// Runs `commit`, a write that commits by itself or not at all; the target's cached
    /// documents follow its fate (kept when it commits, dropped when it fails), and a commit
    /// rings the process's bell.
    private func settled<T>(_ target: ProjectionTarget, _ commit: () async throws -> T) async throws -> T {
        do {
            let result = try await commit()
            caches[target]?.commit()
            runner.bell.ring(from: seat)
            return result
        } catch {
            caches[target]?.discard()
            throw error
        }
    }

    /// Applies `write`; `readingNewFacts: false` lets a page written in one statement insert its
    /// new facts unread.
    private func perform(_ write: Machine.Write, readingNewFacts: Bool = true) async throws {
        if try await performInOneStatement(write, readingNewFacts: readingNewFacts) { return }
        try await transaction(write.target) {
            if !write.apply.isEmpty { try await projector.apply(write.apply, in: context(write.target)) }
            for park in write.parks {
                try await book.park(park.event, generation: write.generation, error: park.error, attempts: park.attempts)
            }
            switch write.target {
            case .live: try await book.moveLive(from: write.from, to: write.to, applied: write.apply.count, state: write.state)
            case .rebuild: try await book.moveRebuild(from: write.from, to: write.to, applied: write.apply.count)
            }
        }
        for case .failed(let event, let error, _) in write.parks {
            logger.error("projection \(projector.name): parked event \(event.globalPosition) (\(event.type) on \(event.streamID)): \(error)")
        }
    }

    /// A live write that parks nothing, sent as one statement without BEGIN and COMMIT around
    /// it, which were two of the page write's four round trips: the projector's rows with the move
    /// (`Projector.applyInOneStatement`), or the move alone. False, having done nothing, when
    /// the write needs a transaction.
    private func performInOneStatement(_ write: Machine.Write, readingNewFacts: Bool) async throws -> Bool {
        guard write.target == .live, write.parks.isEmpty else { return false }
        let context = context(.live).reading(newFacts: readingNewFacts)
        guard write.apply.isEmpty || projector.appliesInOneStatement(write.apply, in: context) else { return false }
        let move = CheckpointMove(projection: projector.name, from: write.from, to: write.to, applied: write.apply.count, state: write.state)
        do {
            try await settled(.live) {
                if write.apply.isEmpty {
                    try await book.moveLive(from: write.from, to: write.to, applied: 0, state: write.state)
                } else {
                    try await projector.applyInOneStatement(write.apply, moving: move, in: context)
                }
            }
        } catch where Self.isLostOwnership(error) {
            throw ProjectionBook.LostOwnership(name: projector.name)
        }
        return true
    }

    /// `projection_write_page` found the checkpoint moved by another worker (migration 0047).
    static func isLostOwnership(_ error: any Error) -> Bool {
        sqlState(of: error) == CheckpointMove.lostOwnershipState
    }

    /// Applies a letter's event and resolves the letter. Unlike a page's, a retry's failure
    /// other than a lost connection (an ownership check included) only parks the letter again.
    private func retry(_ letter: OpenLetter, generation: Int) async throws -> Machine.RetryOutcome {
        guard let event = try await runner.store.readEvent(at: letter.position, on: connection) else { return .eventMissing }
        do {
            try await transaction(.live) {
                try await projector.apply([event], in: context(.live))
                try await book.resolve(position: letter.position, generation: generation, worker: options.workerName)
            }
        } catch where !PostgresEventStore.isConnectionFailure(error) {
            return .refused(error: PostgresEventStore.describe(error))
        }
        logger.info("projection \(projector.name): retried event \(letter.position) applied")
        return .applied
    }

    /// Whether `target`'s pages write only documents and keyed rows, the rest at a rebuild's end.
    private func defersRows(_ target: ProjectionTarget) -> Bool {
        target == .rebuild && machine.rebuildPagesDeferRows
    }

    private func context(_ target: ProjectionTarget) -> ProjectionContext {
        let folding = OrderedParallelMap(parallelism: options.foldParallelism)
        return switch target {
        case .live: ProjectionContext.live(for: projector, connection: connection, logger: logger).with(cache: caches[.live], folding: folding)
        case .rebuild:
            ProjectionContext.rebuild(for: projector, connection: connection, logger: logger)
                .with(cache: caches[.rebuild], folding: folding, defersRows: defersRows(.rebuild))
        }
    }
}
