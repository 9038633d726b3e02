import EventStore

extension ProjectionStateMachine {
    /// Finds the events of a refused page that fail: each in its own transaction, a failing one
    /// tried `maxAttempts` times with a doubling pause, then parked with its error and its
    /// stream blocked; the others are applied.
    mutating func recover(_ page: Page, _ target: ProjectionTarget, from: Checkpoint) -> Action {
        nextEvent(Recovery(target: target, page: page, from: from))
    }

    private mutating func nextEvent(_ recovery: Recovery) -> Action {
        guard recovery.index < recovery.page.events.count else {
            guard recovery.page.resumeAt > recovery.from else { return pageDone(recovery.target, recovery.page) }
            let write = write(recovery.target, from: recovery.from, to: recovery.page.resumeAt)
            phase = .writing(write, then: .pageDone(recovery.page))
            return .write(write)
        }
        let event = recovery.event
        if self[letters: recovery.target].blockedStreams.contains(event.streamID) {
            let write = write(recovery.target, parks: [.behind(event)], from: recovery.from, to: event.checkpoint)
            phase = .writing(write, then: .eventDone(recovery, checkingLimit: false))
            return .write(write)
        }
        var first = recovery
        first.attempt = 1
        return attempt(first)
    }

    private mutating func attempt(_ recovery: Recovery) -> Action {
        let write = write(recovery.target, apply: [recovery.event], from: recovery.from, to: recovery.event.checkpoint)
        phase = .applyingEvent(write, recovery)
        return .applyEvent(write, attempt: recovery.attempt)
    }

    mutating func attemptRefused(_ recovery: Recovery, error: String) -> Action {
        if recovery.attempt < max(1, options.maxAttempts) {
            phase = .pausing(recovery)
            return .pause(options.retryDelay * (1 << (recovery.attempt - 1)))
        }
        let (target, event) = (recovery.target, recovery.event)
        // Counted before the write, so that the state it stores with the move includes it.
        self[letters: target].blockedStreams.insert(event.streamID)
        self[letters: target].count += 1
        let write = write(
            target, parks: [.failed(event, error: error, attempts: options.maxAttempts)], from: recovery.from, to: event.checkpoint)
        phase = .writing(write, then: .eventDone(recovery, checkingLimit: true))
        return .write(write)
    }

    mutating func paused() -> Action {
        guard case .pausing(var recovery) = phase else { preconditionFailure("Invalid phase: \(phase)") }
        recovery.attempt += 1
        return attempt(recovery)
    }

    /// The event in hand is applied or parked. At the maximum of open letters the target stops
    /// here, its checkpoint on this event.
    mutating func eventDone(_ recovery: Recovery, checkingLimit: Bool) -> Action {
        var recovery = recovery
        recovery.from = recovery.event.checkpoint
        recovery.index += 1
        if checkingLimit, self[letters: recovery.target].count >= options.maxOpenDeadLetters {
            phase = .savingFailure(recovery)
            return .saveState(.failed, lastError: failureReason)
        }
        return nextEvent(recovery)
    }
}
