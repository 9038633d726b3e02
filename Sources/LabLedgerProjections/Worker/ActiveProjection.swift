import EventStore
import Logging
import PostgresNIO

/// The worker's side of a projection while it holds the lock. Lives in one task.
final class ActiveProjection {
    /// Which tables a page goes to: the live ones, or the fresh copies of a rebuild.
    enum Target {
        case live
        case rebuild
    }

    private let runner: ProjectionRunner
    private let book: ProjectionBook
    /// Rings on appends; queries never run on it.
    private let link: ListeningConnection
    /// Holds the lock; every read and write of the projection runs on it.
    private let connection: PostgresConnection
    private var row: ProjectionBook.Row
    /// Streams with an open dead letter, per target: their later events wait behind it.
    private var blocked: [Target: Set<String>] = [.live: [], .rebuild: []]
    private var openLetters: [Target: Int] = [.live: 0, .rebuild: 0]
    private var lastControl = ContinuousClock.now
    private var lastIdleSave = ContinuousClock.now
    /// Documents folded by earlier pages, per target; see `DocumentCache`.
    private var caches: [Target: DocumentCache]
    private var failedSetup: String?
    /// The last live page was full: the projection is behind, so it reads rebuild-sized pages.
    private var catchingUp = true
    private var storedState: ProjectionState?

    private var projector: any Projector { runner.projector }
    private var options: ProjectionWorkerOptions { runner.options }
    private var logger: Logger { runner.logger }
    private var rebuilding: Bool { row.rebuildCheckpoint != nil }

    /// This runner's place at the worker's commit bell.
    private let seat: Int

    private init(runner: ProjectionRunner, book: ProjectionBook, link: ListeningConnection, row: ProjectionBook.Row, seat: Int) {
        self.runner = runner
        self.seat = seat
        self.book = book
        self.link = link
        self.connection = book.connection
        self.row = row
        self.caches = [
            .live: DocumentCache(limit: runner.options.documentCacheLimit),
            .rebuild: DocumentCache(limit: runner.options.documentCacheLimit),
        ]
    }

    /// One transaction on the projection's connection; the target's cached documents follow
    /// its fate (kept when it commits, dropped when it fails).
    private func transaction<T>(_ target: Target, _ body: () async throws -> T) async throws -> T {
        do {
            let result = try await book.transaction(body)
            caches[target]?.commit()
            runner.bell.ring(from: seat)
            return result
        } catch {
            caches[target]?.discard()
            throw error
        }
    }

    static func start(runner: ProjectionRunner, book: ProjectionBook, link: ListeningConnection, seat: Int) async throws -> ActiveProjection {
        let projector = runner.projector
        try ProjectionSetupError.validate(projector.name)
        for table in projector.tables { try ProjectionSetupError.validate(table) }
        try await book.register(version: projector.version, eventTypes: projector.eventTypes.sorted(), worker: runner.options.workerName)
        let active = ActiveProjection(runner: runner, book: book, link: link, row: try await book.load(), seat: seat)
        let registered = try await book.registeredTables()
        if registered != projector.tables.sorted() {
            let problem = ProjectionSetupError.tablesNotRegistered(
                projection: projector.name, declared: projector.tables.sorted(), registered: registered)
            active.failedSetup = problem.description
            try await book.setState(.failed, lastError: problem.description)
            runner.logger.error("\(problem)")
            return active
        }
        try await active.reloadLetters()
        // What is being built must be this version: a rebuild begun by another version (a rolling
        // deploy, a rollback) starts again rather than finish with this code.
        let building = active.rebuilding ? active.row.rebuildVersion : active.row.version
        if building != projector.version {
            try await active.startRebuild(reason: "projector version \(building.map(String.init) ?? "?") → \(projector.version)")
        } else if active.row.rebuildRequested, !active.rebuilding {
            try await active.startRebuild(reason: "requested")
        }
        try await book.setState(active.state, lastError: nil)
        active.storedState = active.state
        return active
    }

    private var state: ProjectionState {
        if rebuilding, (openLetters[.rebuild] ?? 0) >= options.maxOpenDeadLetters { return .failed }
        return ProjectionState.active(
            rebuilding: rebuilding, openDeadLetters: openLetters[.live] ?? 0, maxOpenDeadLetters: options.maxOpenDeadLetters)
    }

    private var failureReason: String? {
        guard state == .failed else { return nil }
        if (openLetters[.live] ?? 0) >= options.maxOpenDeadLetters {
            return "\(options.maxOpenDeadLetters) events parked; applying stopped"
        }
        return "the rebuild parked \(options.maxOpenDeadLetters) events and stopped; fix the projector (a new version rebuilds again)"
    }

    /// Applies pages until told to stop. A page in hand is finished (committed) or, if the
    /// connection is lost or the task cancelled, rolled back with the connection.
    func follow(stop: StopSignal) async throws {
        while !stop.isSet, !Task.isCancelled {
            if failedSetup != nil {
                await link.waitForAppends(timeout: options.standbyInterval)
                continue
            }
            try book.ensureOpen()
            if ContinuousClock.now - lastControl >= options.controlInterval {
                try await control()
            }
            var worked = false
            if rebuilding, (openLetters[.rebuild] ?? 0) < options.maxOpenDeadLetters {
                worked = try await step(.rebuild)
            }
            if (openLetters[.live] ?? 0) < options.maxOpenDeadLetters {
                worked = try await step(.live) || worked
            }
            if !worked {
                await link.waitForAppends(timeout: options.pollInterval)
            }
        }
    }

    // MARK: - Operator requests

    /// Picks up what an operator asked for since the last look: a rebuild, retries, skips.
    private func control() async throws {
        lastControl = .now
        let fresh = try await book.load()
        guard fresh.checkpoint == row.checkpoint, fresh.generation == row.generation else {
            throw ProjectionBook.LostOwnership(name: projector.name)
        }
        row.rebuildRequested = fresh.rebuildRequested
        if fresh.rebuildRequested, !rebuilding {
            try await startRebuild(reason: "requested")
        }
        try await retryRequested()
        try await reloadLetters()
        if state != storedState {
            try await book.setState(state, lastError: failureReason)
            storedState = state
        }
    }

    private func reloadLetters() async throws {
        let live = try await book.openLetters(generation: row.generation)
        blocked[.live] = Set(live.map(\.stream))
        openLetters[.live] = live.count
        if let generation = row.rebuildGeneration {
            let rebuild = try await book.openLetters(generation: generation)
            blocked[.rebuild] = Set(rebuild.map(\.stream))
            openLetters[.rebuild] = rebuild.count
        }
    }

    /// Applies the letters an operator marked for retry, each stream's in order; a letter
    /// still behind an earlier parked one of its stream waits for that one.
    private func retryRequested() async throws {
        let letters = try await book.openLetters(generation: row.generation)
        var parkedStreams = Set<String>()
        for letter in letters {
            guard letter.retry, !parkedStreams.contains(letter.stream) else {
                parkedStreams.insert(letter.stream)
                continue
            }
            guard let event = try await runner.store.readEvent(at: letter.position, on: connection) else { continue }
            do {
                try await transaction(.live) {
                    try await projector.apply([event], in: context(.live))
                    try await book.resolve(position: letter.position, generation: row.generation, worker: options.workerName)
                }
                row.eventsApplied += 1
                logger.info("projection \(projector.name): retried event \(letter.position) applied")
            } catch where !PostgresEventStore.isConnectionFailure(error) {
                let reason = PostgresEventStore.describe(error)
                try await book.reparkAfterRetry(position: letter.position, generation: row.generation, error: reason)
                parkedStreams.insert(letter.stream)
                logger.warning("projection \(projector.name): retried event \(letter.position) failed again: \(reason)")
            }
        }
    }

    // MARK: - Applying pages

    private func context(_ target: Target) -> ProjectionContext {
        switch target {
        case .live: ProjectionContext.live(for: projector, connection: connection, logger: logger).with(cache: caches[.live])
        case .rebuild: .rebuild(for: projector, connection: connection, logger: logger, cache: caches[.rebuild])
        }
    }

    private func checkpoint(_ target: Target) -> Checkpoint {
        switch target {
        case .live: row.checkpoint
        case .rebuild: row.rebuildCheckpoint ?? .start
        }
    }

    /// Reads and applies one page; true if it applied or parked events.
    private func step(_ target: Target) async throws -> Bool {
        let from = checkpoint(target)
        let size = target == .live && !catchingUp ? options.batchSize : options.rebuildBatchSize
        let page = try await runner.store.readPage(after: from, limit: size, types: projector.eventTypes, on: connection)
        if target == .live { catchingUp = page.isFull }
        if page.events.isEmpty {
            if target == .rebuild {
                if page.resumeAt > from { try await move(target, from: from, to: page.resumeAt, applied: 0) }
                try await swap()
                return true
            }
            if page.resumeAt > from, ContinuousClock.now - lastIdleSave >= options.idleCheckpointInterval {
                lastIdleSave = .now
                try await transaction(target) { try await move(target, from: from, to: page.resumeAt, applied: 0) }
            }
            return false
        }
        let waiting = blocked[target] ?? []
        let ready = page.events.filter { !waiting.contains($0.streamID) }
        do {
            try await transaction(target) {
                if !ready.isEmpty { try await projector.apply(ready, in: context(target)) }
                for event in page.events where waiting.contains(event.streamID) {
                    try await parkBehind(event, target)
                }
                try await move(target, from: from, to: page.resumeAt, applied: ready.count)
            }
            countParkedBehind(page.events.count - ready.count, target)
        } catch where !PostgresEventStore.isConnectionFailure(error) && !(error is ProjectionBook.LostOwnership) {
            logger.warning("projection \(projector.name): a page failed (\(PostgresEventStore.describe(error))); applying its events one by one")
            try await applyOneByOne(page, from: from, target)
        }
        if target == .rebuild, !page.isFull { try await swap() }
        return true
    }

    /// Finds the events that fail: each in its own transaction, a failing one retried
    /// `maxAttempts` times, then parked with its error; the others are applied.
    private func applyOneByOne(_ page: GapSafePage, from start: Checkpoint, _ target: Target) async throws {
        var from = start
        for event in page.events {
            if blocked[target]?.contains(event.streamID) == true {
                try await transaction(target) {
                    try await parkBehind(event, target)
                    try await move(target, from: from, to: event.checkpoint, applied: 0)
                }
                countParkedBehind(1, target)
                from = event.checkpoint
                continue
            }
            var failure: (any Error)?
            for attempt in 1...max(1, options.maxAttempts) {
                do {
                    try await transaction(target) {
                        try await projector.apply([event], in: context(target))
                        try await move(target, from: from, to: event.checkpoint, applied: 1)
                    }
                    failure = nil
                    break
                } catch where !PostgresEventStore.isConnectionFailure(error) && !(error is ProjectionBook.LostOwnership) {
                    failure = error
                    if attempt < options.maxAttempts {
                        try await Task.sleep(for: options.retryDelay * (1 << (attempt - 1)))
                    }
                }
            }
            if let failure {
                let generation = target == .live ? row.generation : (row.rebuildGeneration ?? row.generation)
                blocked[target, default: []].insert(event.streamID)
                openLetters[target, default: 0] += 1
                let reason = PostgresEventStore.describe(failure)
                try await transaction(target) {
                    try await book.park(event, generation: generation, error: reason, attempts: options.maxAttempts)
                    try await move(target, from: from, to: event.checkpoint, applied: 0)
                }
                logger.error("projection \(projector.name): parked event \(event.globalPosition) (\(event.type) on \(event.streamID)): \(reason)")
            }
            from = event.checkpoint
            if (openLetters[target] ?? 0) >= options.maxOpenDeadLetters {
                try await book.setState(.failed, lastError: failureReason)
                storedState = .failed
                return
            }
        }
        if page.resumeAt > from {
            try await transaction(target) { try await move(target, from: from, to: page.resumeAt, applied: 0) }
        }
    }

    private func parkBehind(_ event: RecordedEvent, _ target: Target) async throws {
        let generation = target == .live ? row.generation : (row.rebuildGeneration ?? row.generation)
        try await book.park(
            event, generation: generation,
            error: "waits behind an earlier parked event of stream \(event.streamID)", attempts: 0)
    }

    private func countParkedBehind(_ count: Int, _ target: Target) {
        openLetters[target, default: 0] += count
    }

    /// Moves the target's checkpoint inside the caller's transaction, and the memory of it.
    private func move(_ target: Target, from: Checkpoint, to: Checkpoint, applied: Int) async throws {
        switch target {
        case .live:
            try await book.moveLive(from: from, to: to, applied: applied, state: state)
            row.checkpoint = to
            row.eventsApplied += Int64(applied)
        case .rebuild:
            try await book.moveRebuild(from: from, to: to, applied: applied)
            row.rebuildCheckpoint = to
            row.rebuildEventsApplied += Int64(applied)
        }
    }

    // MARK: - Rebuild

    private func startRebuild(reason: String) async throws {
        logger.notice("projection \(projector.name): rebuilding (\(reason))")
        try await book.startRebuild(version: projector.version, reason: reason)
        row = try await book.load()
        blocked[.rebuild] = []
        openLetters[.rebuild] = 0
        caches[.rebuild] = DocumentCache(limit: options.documentCacheLimit)
    }

    /// The rebuilt tables caught up with the watermark: swap them in.
    private func swap() async throws {
        let parked = openLetters[.rebuild] ?? 0
        let next = ProjectionState.active(rebuilding: false, openDeadLetters: parked, maxOpenDeadLetters: options.maxOpenDeadLetters)
        try await book.swapRebuild(worker: options.workerName, state: next)
        row = try await book.load()
        blocked[.live] = blocked[.rebuild] ?? []
        openLetters[.live] = parked
        caches[.live] = caches[.rebuild]
        caches[.rebuild] = DocumentCache(limit: options.documentCacheLimit)
        blocked[.rebuild] = []
        openLetters[.rebuild] = 0
        logger.notice("projection \(projector.name): rebuilt tables swapped in at \(row.checkpoint) (\(row.eventsApplied) events)")
    }
}
