import EventStore

extension ProjectionStateMachine {
    /// What the driver does next. Each action's answer is one input: the action's doc names it.
    /// Errors an action's I/O throws end the session, except refusals of those that say they are reported.
    enum Action: Sendable, Equatable {
        /// Store state `failed` with the problem and log it → `stateSaved()`.
        case reportSetupFailure(ProjectionSetupError)
        /// Read the open letters of the live generation and of the rebuild's, if given → `lettersLoaded`.
        case loadLetters(live: Int, rebuild: Int?)
        /// Fresh rebuild tables and checkpoint for this version, then reload the row → `rebuildStarted`.
        case startRebuild(reason: String)
        /// Store the state (and the reason, or none) → `stateSaved()`.
        case saveState(ProjectionState, lastError: String?)
        /// Check the connection and reload the row for operator requests → `controlLoaded`.
        case loadControl
        /// Another worker moved the projection: end the session (`ProjectionBook.LostOwnership`).
        case lostOwnership
        /// Apply the letter's event to the live tables and resolve the letter in one transaction
        /// → `letterRetried`; a refusal is reported, not thrown.
        case retry(OpenLetter, generation: Int)
        /// Mark a letter whose retry failed parked again with its new error → `reparked()`.
        case repark(OpenLetter, generation: Int, error: String)
        /// Check the connection and read a gap-safe page → `pageRead`.
        case readPage(ProjectionTarget, after: Checkpoint, limit: Int)
        /// The page in one transaction → `written()`; a refusal is reported (`refused`), not thrown.
        case applyPage(Write)
        /// One event of a page that failed, attempt `attempt` → `written()`, or `refused` when refused.
        case applyEvent(Write, attempt: Int)
        /// A transaction that must succeed → `written()`.
        case write(Write)
        /// Sleep before the next attempt at an event → `paused()`.
        case pause(Duration)
        /// Write the part of a rebuild's rows after the cursor in one transaction
        /// (`Projector.finishRebuild`) → `rebuildRowsWritten(next:)`; rows the database refuses
        /// are reported (`rebuildRowsRefused`), not thrown.
        case finishRebuild(after: String)
        /// Swap the rebuilt tables in, storing `state`, then reload the row → `swapped`.
        case swap(state: ProjectionState)
        /// Tell waiting queries (`CheckpointNotice`) that the live tables stand at this
        /// checkpoint, which is not saved yet: only other types' events lie past the saved one → `announced()`.
        case announce(Checkpoint)
        /// Wait for an append, a commit of another runner or a stop, at most this long → `roundBegins`.
        case wait(Duration)
        /// A round found nothing to do: let appends gather this long before waiting for the next
        /// (appends that ring meanwhile are not lost) → `settled()`.
        case settle(Duration)
        /// The last round did some work: start the next one now → `roundBegins`.
        case beginRound
        /// The live tables have caught up after at least ten live pages' worth of events in
        /// rebuild-sized pages, all applied by now: hand the heap they freed back to the system
        /// (`FreedMemory`) → `memoryReleased()`.
        case releaseMemory
        /// Stopped (graceful shutdown or cancellation): the session ends without error.
        case stop
    }

    /// One transaction on a target: apply events, park events, move the checkpoint, in that
    /// order. The move is a compare-and-set on `from`.
    struct Write: Sendable, Equatable {
        var target: ProjectionTarget
        var apply: [Event] = []
        var parks: [Park] = []
        /// The target's generation, which parked letters belong to.
        var generation: Int
        var from: Checkpoint
        var to: Checkpoint
        /// Stored with a live move, so that the status follows the checkpoint.
        var state: ProjectionState
    }

    /// An event parked in the dead letters.
    enum Park: Sendable, Equatable {
        /// It failed every attempt.
        case failed(Event, error: String, attempts: Int)
        /// An earlier event of its stream is parked.
        case behind(Event)

        var event: Event {
            switch self {
            case .failed(let event, _, _), .behind(let event): event
            }
        }

        var error: String {
            switch self {
            case .failed(_, let error, _): error
            case .behind(let event): "waits behind an earlier parked event of stream \(event.streamID)"
            }
        }

        var attempts: Int {
            switch self {
            case .failed(_, _, let attempts): attempts
            case .behind: 0
            }
        }
    }
}
