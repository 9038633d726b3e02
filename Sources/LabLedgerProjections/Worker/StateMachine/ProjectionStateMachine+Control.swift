import EventStore

extension ProjectionStateMachine {
    /// The row as stored. A checkpoint or generation this worker did not move means another
    /// worker has the projection; otherwise operator requests are picked up: a rebuild, retries.
    mutating func controlLoaded(_ fresh: ProjectionRow) -> Action {
        guard case .controlling(.loadingRow) = phase else { preconditionFailure("Invalid phase: \(phase)") }
        guard fresh.checkpoint == row.checkpoint, fresh.generation == row.generation else {
            phase = .ended
            return .lostOwnership
        }
        row.rebuildRequested = fresh.rebuildRequested
        if fresh.rebuildRequested, !rebuilding {
            phase = .controlling(.startingRebuild)
            return .startRebuild(reason: "requested")
        }
        return loadRetries()
    }

    mutating func loadRetries() -> Action {
        phase = .controlling(.loadingRetries)
        return .loadLetters(live: row.generation, rebuild: nil)
    }

    /// Applies the letters an operator marked for retry, each stream's in order; a letter
    /// still behind an earlier parked one of its stream waits for that one. Then the letters
    /// are read again, and the state stored if it changed.
    mutating func retryNext(_ retries: Retries) -> Action {
        var retries = retries
        while retries.index < retries.letters.count {
            let letter = retries.letter
            if letter.retry, !retries.parkedStreams.contains(letter.stream) {
                phase = .controlling(.retrying(retries))
                return .retry(letter, generation: row.generation)
            }
            retries.parkedStreams.insert(letter.stream)
            retries.index += 1
        }
        phase = .controlling(.reloadingLetters)
        return .loadLetters(live: row.generation, rebuild: row.rebuildGeneration)
    }

    enum RetryOutcome: Sendable, Equatable {
        case applied
        /// No event at the letter's position: nothing to apply.
        case eventMissing
        case refused(error: String)
    }

    mutating func letterRetried(_ outcome: RetryOutcome) -> Action {
        guard case .controlling(.retrying(var retries)) = phase else { preconditionFailure("Invalid phase: \(phase)") }
        switch outcome {
        case .applied:
            row.eventsApplied += 1
        case .eventMissing:
            break
        case .refused(let error):
            phase = .controlling(.reparking(retries))
            return .repark(retries.letter, generation: row.generation, error: error)
        }
        retries.index += 1
        return retryNext(retries)
    }

    mutating func reparked() -> Action {
        guard case .controlling(.reparking(var retries)) = phase else { preconditionFailure("Invalid phase: \(phase)") }
        retries.parkedStreams.insert(retries.letter.stream)
        retries.index += 1
        return retryNext(retries)
    }

    mutating func saveStateIfChanged() -> Action {
        let current = state
        guard current != storedState else { return next(after: .control) }
        phase = .controlling(.savingState(current))
        return .saveState(current, lastError: failureReason)
    }
}
