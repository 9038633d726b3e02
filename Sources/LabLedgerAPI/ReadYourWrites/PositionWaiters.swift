import EventStore

/// Which queries wait for which projections to reach which position, and what each projection
/// is known to have reached, as a value: no I/O, no clock, no tasks. `ProjectionPositions`
/// holds one behind a lock and turns its answers into resumed tasks.
///
/// A waiter is registered with a target and the projections it reads; a delivered checkpoint
/// completes the waiters whose every projection is now at or past their target. Checkpoints only
/// move forward (the compare-and-set moves them forward; a rebuild is swapped in only once it has
/// read past the live checkpoint), so a late or repeated delivery of an older one changes nothing.
struct PositionWaiters: Sendable {
    private struct Waiter: Sendable {
        var target: Checkpoint
        /// The projections not yet known to be at or past `target`.
        var pending: Set<String>
    }

    /// The furthest checkpoint delivered per projection.
    private(set) var known: [String: Checkpoint] = [:]
    private var waiters: [Int: Waiter] = [:]

    var waiting: Int { waiters.count }

    /// Whether each of `projections` is known to be at or past `target`.
    func reached(_ target: Checkpoint, _ projections: some Sequence<String>) -> Bool {
        projections.allSatisfy { known[$0].map { $0 >= target } ?? false }
    }

    /// Registers waiter `id` unless every projection is already known to be past `target`;
    /// answers whether it was registered (so must be woken).
    mutating func register(_ id: Int, target: Checkpoint, projections: [String]) -> Bool {
        let pending = Set(projections.filter { known[$0].map { $0 < target } ?? true })
        guard !pending.isEmpty else { return false }
        waiters[id] = Waiter(target: target, pending: pending)
        return true
    }

    /// `projection` stands at `checkpoint`: answers the waiters this completes, which are no
    /// longer registered.
    mutating func deliver(_ projection: String, at checkpoint: Checkpoint) -> [Int] {
        if let before = known[projection], before >= checkpoint { return [] }
        known[projection] = checkpoint
        var done: [Int] = []
        for (id, waiter) in waiters where waiter.pending.contains(projection) && checkpoint >= waiter.target {
            if waiter.pending.count == 1 {
                done.append(id)
            } else {
                waiters[id]?.pending.remove(projection)
            }
        }
        for id in done { waiters[id] = nil }
        return done.sorted()
    }

    /// Forgets waiter `id` (its time is up or its task was cancelled); false when it was not registered.
    @discardableResult
    mutating func remove(_ id: Int) -> Bool {
        waiters.removeValue(forKey: id) != nil
    }
}
