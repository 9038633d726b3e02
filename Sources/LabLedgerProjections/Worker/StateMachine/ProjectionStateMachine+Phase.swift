import EventStore

extension ProjectionStateMachine {
    /// What the machine waits for: the answer to the action it returned last.
    enum Phase: Sendable {
        case created
        case startingUp(StartUp)
        /// The setup error is stored; rounds only wait until the session stops.
        case setupFailed
        case betweenRounds
        case controlling(Control)
        case reading(ProjectionTarget, from: Checkpoint)
        case releasingMemory
        /// A page in one transaction; refused, it is recovered event by event.
        case applyingPage(Write, Page)
        case applyingEvent(Write, Recovery)
        case pausing(Recovery)
        case writing(Write, then: AfterWrite)
        /// A target reached the maximum of open letters in the middle of a page.
        case savingFailure(Recovery)
        /// A part of a rebuild's rows is being written (`Projector.finishRebuild`).
        case finishing
        case swapping
        /// An idle live checkpoint move is being announced (not saved).
        case announcing
        /// An idle round is over; the next waits at least `idleRoundSpacing`.
        case settling
        /// Stopped, or the projection was lost to another worker.
        case ended
    }

    enum StartUp: Sendable {
        case reportingSetupFailure
        case loadingLetters
        case startingRebuild
        case savingState(ProjectionState)
    }

    enum Control: Sendable {
        case loadingRow
        case startingRebuild
        case loadingRetries
        case retrying(Retries)
        case reparking(Retries)
        case reloadingLetters
        case savingState(ProjectionState)
    }

    /// What follows a committed `.write`.
    enum AfterWrite: Sendable {
        case next(after: RoundStep)
        case swap
        case pageDone(Page)
        /// The recovery's event in hand is done; `checkingLimit` unless it was parked behind another.
        case eventDone(Recovery, checkingLimit: Bool)
    }

    /// The steps of a round, in order.
    enum RoundStep: Int, Sendable, Comparable {
        case control
        case rebuild
        case live

        init(_ target: ProjectionTarget) {
            self = target == .live ? .live : .rebuild
        }

        static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The letters an operator marked for retry, gone through in position order.
    struct Retries: Sendable {
        var letters: [OpenLetter]
        var index = 0
        /// Streams with a letter still parked: their later letters wait for it.
        var parkedStreams: Set<String> = []

        var letter: OpenLetter { letters[index] }
    }

    /// A page that failed as a whole, applied event by event to find the events that fail.
    struct Recovery: Sendable {
        var target: ProjectionTarget
        var page: Page
        /// The event in hand.
        var index = 0
        /// Where the target's checkpoint stands.
        var from: Checkpoint
        var attempt = 1

        var event: Event { page.events[index] }
    }
}
