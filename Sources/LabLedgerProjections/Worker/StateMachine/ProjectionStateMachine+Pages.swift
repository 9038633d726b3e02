import EventStore

extension ProjectionStateMachine {
    /// A projection that is behind reads rebuild-sized pages; a rebuild always does.
    mutating func read(_ target: ProjectionTarget) -> Action {
        // Only after ten live pages' worth, so that a short burst under load does not trim (it
        // walks every arena) each time the projection falls a page behind.
        if target == .live, !catchingUp, eventsCaughtUp > 0 {
            defer { eventsCaughtUp = 0 }
            if eventsCaughtUp >= 10 * max(1, options.batchSize) {
                phase = .releasingMemory
                return .releaseMemory
            }
        }
        let from = checkpoint(target)
        let limit = target == .live && !catchingUp ? options.batchSize : options.rebuildBatchSize
        phase = .reading(target, from: from)
        return .readPage(target, after: from, limit: limit)
    }

    /// Applies a page in one transaction; events of a stream with an open letter are parked
    /// behind it instead, never applied out of order.
    mutating func pageRead(_ page: Page, now: ContinuousClock.Instant) -> Action {
        guard case .reading(let target, let from) = phase else { preconditionFailure("Invalid phase: \(phase)") }
        if target == .live {
            if catchingUp { eventsCaughtUp += page.events.count }
            catchingUp = page.isFull
        }
        guard !page.events.isEmpty else { return emptyPageRead(page, target, from: from, now: now) }
        worked = true
        let blocked = self[letters: target].blockedStreams
        // With no stream blocked the write shares the page's events: a filtered copy of a
        // rebuild's page of 50,000 was a sixth of the workers' peak heap (bench/README.md).
        let write =
            blocked.isEmpty
            ? write(target, apply: page.events, from: from, to: page.resumeAt)
            : write(
                target, apply: page.events.filter { !blocked.contains($0.streamID) },
                parks: page.events.filter { blocked.contains($0.streamID) }.map(Park.behind), from: from, to: page.resumeAt)
        phase = .applyingPage(write, page)
        return .applyPage(write)
    }

    /// Nothing of the projection's types below the watermark: a rebuild has caught up and
    /// swaps; the live checkpoint moves past the other types' events, saved at most every
    /// `idleCheckpointInterval` so that an idle projection does not write at each poll.
    /// Between saves the move is announced instead (no write): a query waiting for a position
    /// that only other projections' events reach is answered now, not at the next save (which
    /// was up to a second and a half later, the 1.05–1.16 s read-your-writes waits).
    private mutating func emptyPageRead(_ page: Page, _ target: ProjectionTarget, from: Checkpoint, now: ContinuousClock.Instant) -> Action {
        switch target {
        case .rebuild:
            worked = true
            guard page.resumeAt > from else { return rebuildCaughtUp() }
            let write = write(.rebuild, from: from, to: page.resumeAt)
            phase = .writing(write, then: .swap)
            return .write(write)
        case .live:
            guard page.resumeAt > from else { return next(after: .live) }
            if now - lastIdleSave >= options.idleCheckpointInterval {
                lastIdleSave = now
                let write = write(.live, from: from, to: page.resumeAt)
                phase = .writing(write, then: .next(after: .live))
                return .write(write)
            }
            guard page.resumeAt > (lastAnnounced ?? from) else { return next(after: .live) }
            lastAnnounced = page.resumeAt
            phase = .announcing
            return .announce(page.resumeAt)
        }
    }

    /// The heap was handed back: the live page is read now.
    mutating func memoryReleased() -> Action {
        guard case .releasingMemory = phase else { preconditionFailure("Invalid phase: \(phase)") }
        return read(.live)
    }

    /// The idle move was announced.
    mutating func announced() -> Action {
        guard case .announcing = phase else { preconditionFailure("Invalid phase: \(phase)") }
        return next(after: .live)
    }

    /// The last write committed.
    mutating func written() -> Action {
        switch phase {
        case .applyingPage(let write, let page):
            record(write)
            return pageDone(write.target, page)
        case .applyingEvent(let write, let recovery):
            record(write)
            return eventDone(recovery, checkingLimit: true)
        case .writing(let write, let then):
            record(write)
            switch then {
            case .next(let done): return next(after: done)
            case .swap: return rebuildCaughtUp()
            case .pageDone(let page): return pageDone(write.target, page)
            case .eventDone(let recovery, let checkingLimit): return eventDone(recovery, checkingLimit: checkingLimit)
            }
        default:
            preconditionFailure("Invalid phase: \(phase)")
        }
    }

    /// The last write was refused (by the projector or by PostgreSQL, not by a lost connection).
    mutating func refused(error: String) -> Action {
        switch phase {
        case .applyingPage(let write, let page): recover(page, write.target, from: write.from)
        case .applyingEvent(_, let recovery): attemptRefused(recovery, error: error)
        default: preconditionFailure("Invalid phase: \(phase)")
        }
    }

    /// The step of `target` is done with `page`; a rebuild whose page was not full has caught up.
    mutating func pageDone(_ target: ProjectionTarget, _ page: Page) -> Action {
        if target == .rebuild, !page.isFull { return rebuildCaughtUp() }
        return next(after: RoundStep(target))
    }

    /// The rebuilt tables, checkpoint and letters become the live ones.
    mutating func swap() -> Action {
        phase = .swapping
        let next = ProjectionState.active(
            rebuilding: false, openDeadLetters: rebuildLetters.count, maxOpenDeadLetters: options.maxOpenDeadLetters)
        return .swap(state: next)
    }

    /// The rebuild has caught up: the rows due are written first, a part per round (live pages
    /// go on between them), then its tables are swapped in. A rebuild that parked the maximum
    /// never is: it has stopped, and the live tables keep serving.
    mutating func rebuildCaughtUp() -> Action {
        guard rebuildLetters.count < options.maxOpenDeadLetters else { return next(after: .rebuild) }
        guard rebuildRowsDue else { return swap() }
        return finishRebuild(after: finishCursor ?? "")
    }

    mutating func finishRebuild(after cursor: String) -> Action {
        finishCursor = cursor
        phase = .finishing
        return .finishRebuild(after: cursor)
    }

    /// A part of the rows was written; `next` is where the next begins, nil when none is left.
    /// After the last, the rebuild reads on (its pages now writing their rows) and swaps once a
    /// page finds it caught up again: the live pages between the parts moved the live
    /// checkpoint, and swapping at the rebuild's older one would move it back, telling a query
    /// that waited for a position in between that tables without it had it.
    mutating func rebuildRowsWritten(next cursor: String?) -> Action {
        guard case .finishing = phase else { preconditionFailure("Invalid phase: \(phase)") }
        worked = true
        guard let cursor else {
            finishCursor = nil
            rebuildRowsDue = false
            rebuildRowsWritten = true
            return read(.rebuild)
        }
        finishCursor = cursor
        return next(after: .rebuild)
    }

    /// The database refused rows of the finish: no event can be blamed for them, so the rebuild
    /// starts over with rows written per page, where a refused page is applied event by event
    /// and the event at fault parked.
    mutating func rebuildRowsRefused(error: String) -> Action {
        guard case .finishing = phase else { preconditionFailure("Invalid phase: \(phase)") }
        finishCursor = nil
        rebuildRowsWereRefused = true
        phase = .controlling(.startingRebuild)
        return .startRebuild(reason: "its rows were refused at the end (\(error)); rows are written per page this time")
    }

    mutating func swapped(_ fresh: ProjectionRow) -> Action {
        guard case .swapping = phase else { preconditionFailure("Invalid phase: \(phase)") }
        row = fresh
        liveLetters = rebuildLetters
        rebuildLetters = OpenLetters()
        rebuildRowsWereRefused = false
        rebuildRowsWritten = false
        // The driver handed the heap back with the swap.
        eventsCaughtUp = 0
        return next(after: .rebuild)
    }

    func write(_ target: ProjectionTarget, apply: [Event] = [], parks: [Park] = [], from: Checkpoint, to: Checkpoint) -> Write {
        Write(target: target, apply: apply, parks: parks, generation: generation(target), from: from, to: to, state: state)
    }

    /// A committed write: the target's checkpoint moved, and the events it parked behind others
    /// are open letters now (a failed event counts as soon as it is given up, see `attemptRefused`).
    private mutating func record(_ write: Write) {
        switch write.target {
        case .live:
            row.checkpoint = write.to
            row.eventsApplied += Int64(write.apply.count)
        case .rebuild:
            row.rebuildCheckpoint = write.to
            row.rebuildEventsApplied += Int64(write.apply.count)
        }
        self[letters: write.target].count += write.parks.count(where: { if case .behind = $0 { true } else { false } })
    }
}
