/// What a projection is doing, as its status reports it.
public enum ProjectionState: String, Sendable, Codable, CaseIterable {
    /// An active worker follows the history.
    case running
    /// An active worker fills fresh tables; the old ones keep serving until the swap.
    case rebuilding
    /// Events are parked in dead letters; the projection goes on past them (and past later
    /// events of their streams, which wait behind them) until an operator retries or skips.
    case stalled
    /// The worker applies nothing: too many dead letters, or a setup error. Needs an operator.
    case failed
    /// No worker holds the projection's lock (derived, never stored).
    case standby

    /// The state an active worker stores.
    static func active(rebuilding: Bool, openDeadLetters: Int, maxOpenDeadLetters: Int) -> ProjectionState {
        if openDeadLetters >= maxOpenDeadLetters { return .failed }
        if rebuilding { return .rebuilding }
        return openDeadLetters > 0 ? .stalled : .running
    }
}
