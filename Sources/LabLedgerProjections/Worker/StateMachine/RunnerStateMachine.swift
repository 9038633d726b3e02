/// A runner's policy around its sessions, as a value driven by `ProjectionRunner.run`: try the
/// projection's lock, stand by while another worker holds it, follow the projection once it
/// is won (`ProjectionStateMachine` takes over), reconnect after a failed session with a
/// doubling delay, and stop when asked, at the next of these steps.
struct RunnerStateMachine: Sendable {
    enum Action: Sendable, Equatable {
        /// Connect and try the lock, under a deadline → `lockAttempted(won:)`, or `sessionFailed` if it throws.
        case tryLock
        /// Another worker holds the lock: sleep → `standbyElapsed`.
        case standBy(Duration)
        /// The lock is ours: follow the projection on its connection → `sessionEnded`, or `sessionFailed` if it throws.
        case follow
        /// Sleep → `reconnectDelayElapsed`.
        case reconnect(after: Duration)
        case stop
    }

    private enum State {
        case idle
        case tryingLock
        case standingBy
        case following
        case reconnecting
        case stopped
    }

    private let options: ProjectionWorkerOptions
    private var state = State.idle
    /// Doubles with each failed session up to the maximum; a session that ends without error resets it.
    private(set) var reconnectDelay: Duration

    init(options: ProjectionWorkerOptions) {
        self.options = options
        self.reconnectDelay = options.initialReconnectDelay
    }

    mutating func start(stopping: Bool) -> Action {
        guard case .idle = state else { preconditionFailure("Invalid state: \(state)") }
        return tryLock(stopping: stopping)
    }

    mutating func lockAttempted(won: Bool) -> Action {
        guard case .tryingLock = state else { preconditionFailure("Invalid state: \(state)") }
        if won {
            state = .following
            return .follow
        }
        state = .standingBy
        return .standBy(options.standbyInterval)
    }

    mutating func standbyElapsed(stopping: Bool) -> Action {
        guard case .standingBy = state else { preconditionFailure("Invalid state: \(state)") }
        return tryLock(stopping: stopping)
    }

    mutating func sessionEnded(stopping: Bool) -> Action {
        guard case .following = state else { preconditionFailure("Invalid state: \(state)") }
        reconnectDelay = options.initialReconnectDelay
        return tryLock(stopping: stopping)
    }

    /// The lock attempt or the session threw: a lost connection, the projection taken by
    /// another worker, or an error to retry.
    mutating func sessionFailed(stopping: Bool) -> Action {
        switch state {
        case .tryingLock, .following: break
        default: preconditionFailure("Invalid state: \(state)")
        }
        if stopping {
            state = .stopped
            return .stop
        }
        let delay = reconnectDelay
        reconnectDelay = min(reconnectDelay * 2, options.maximumReconnectDelay)
        state = .reconnecting
        return .reconnect(after: delay)
    }

    mutating func reconnectDelayElapsed(stopping: Bool) -> Action {
        guard case .reconnecting = state else { preconditionFailure("Invalid state: \(state)") }
        return tryLock(stopping: stopping)
    }

    private mutating func tryLock(stopping: Bool) -> Action {
        if stopping {
            state = .stopped
            return .stop
        }
        state = .tryingLock
        return .tryLock
    }
}
