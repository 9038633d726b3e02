import Synchronization

/// A one-shot flag with callbacks, set by a graceful shutdown.
final class StopSignal: Sendable {
    private let state = Mutex<(set: Bool, callbacks: [@Sendable () -> Void])>((false, []))

    var isSet: Bool { state.withLock { $0.set } }

    /// Set, or the task asking cancelled: either way its loop stops at its next step.
    var isStopping: Bool { isSet || Task.isCancelled }

    func set() {
        let callbacks = state.withLock { state -> [@Sendable () -> Void] in
            state.set = true
            defer { state.callbacks = [] }
            return state.callbacks
        }
        callbacks.forEach { $0() }
    }

    func onSet(_ callback: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            if state.set { return true }
            state.callbacks.append(callback)
            return false
        }
        if now { callback() }
    }
}
