import Synchronization

/// A one-shot flag with callbacks, set by a graceful shutdown: the projection worker's and the
/// log sequencer's way to end a loop that may be waiting for appends.
public final class StopSignal: Sendable {
    private struct State {
        var set = false
        var callbacks: [Int: @Sendable () -> Void] = [:]
        var nextID = 0
    }

    private let state = Mutex(State())

    public init() {}

    public var isSet: Bool { state.withLock { $0.set } }

    /// Set, or the task asking cancelled: either way its loop stops at its next step.
    public var isStopping: Bool { isSet || Task.isCancelled }

    public func set() {
        let callbacks = state.withLock { state -> [@Sendable () -> Void] in
            state.set = true
            defer { state.callbacks = [:] }
            return Array(state.callbacks.values)
        }
        callbacks.forEach { $0() }
    }

    /// Calls `callback` when set (at once if it is); answers the id to forget it by, so that a
    /// runner whose sessions come and go does not pile up one callback per session.
    @discardableResult
    public func onSet(_ callback: @escaping @Sendable () -> Void) -> Int {
        let (id, now) = state.withLock { state -> (Int, Bool) in
            state.nextID += 1
            if state.set { return (state.nextID, true) }
            state.callbacks[state.nextID] = callback
            return (state.nextID, false)
        }
        if now { callback() }
        return id
    }

    /// Forgets the callback `onSet` answered `id` for.
    public func forget(_ id: Int) {
        _ = state.withLock { $0.callbacks.removeValue(forKey: id) }
    }

    /// Callbacks waiting for the signal (for tests).
    var callbackCount: Int { state.withLock { $0.callbacks.count } }
}
