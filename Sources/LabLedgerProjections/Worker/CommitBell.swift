import Synchronization

/// Rings every runner of a worker process when one of them commits.
///
/// A runner's write transaction holds a transaction id, and so holds back the gap-safe
/// watermark of every other reader while it is open: events committed meanwhile stay invisible
/// to the other runners until it commits. That commit sends no notification, so without this
/// bell the others would sleep until the next append or their poll, hundreds of milliseconds.
final class CommitBell: Sendable {
    private let waiters = Mutex<[Int: @Sendable () -> Void]>([:])
    private let ids = Atomic<Int>(0)

    /// Registers `wake`; returns the id to ring past it and to leave with.
    func join(_ wake: @escaping @Sendable () -> Void) -> Int {
        let id = ids.wrappingAdd(1, ordering: .relaxed).oldValue
        waiters.withLock { $0[id] = wake }
        return id
    }

    func leave(_ id: Int) {
        _ = waiters.withLock { $0.removeValue(forKey: id) }
    }

    /// Wakes every runner but `id`.
    func ring(from id: Int) {
        let others = waiters.withLock { $0.filter { $0.key != id }.map(\.value) }
        others.forEach { $0() }
    }
}
