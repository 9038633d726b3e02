import EventStore
import LabLedgerProjections
import Synchronization

/// The process's one view of where the projections stand, fed by `CheckpointListener` (and
/// by queries that read the table while the listener is not connected), and the queries that
/// wait for a position token: each is resumed as soon as a delivered checkpoint completes it,
/// with no timer but its deadline.
public final class ProjectionPositions: Sendable {
    /// What ended a wait.
    public enum Wake: Sendable, Equatable {
        /// Every projection was already known to be past the target: no wait.
        case alreadyReached
        /// A checkpoint notice (NOTIFY) completed it.
        case notification
        /// A read of the `projections` table completed it: the listener's start or reconnect,
        /// its slow safety re-check, or the query's own read while the listener was away.
        case recheck
        /// The timeout passed first.
        case timedOut
        /// The waiting task was cancelled.
        case cancelled
    }

    /// Counts since the process started (tests tell a notification's wake-up from a timer's by them).
    public struct Statistics: Sendable, Equatable {
        public var alreadyReached = 0
        public var wokenByNotification = 0
        public var wokenByRecheck = 0
        public var timedOut = 0
        public var cancelled = 0
        /// Waiters registered now.
        public var waiting = 0

        public init(
            alreadyReached: Int = 0, wokenByNotification: Int = 0, wokenByRecheck: Int = 0, timedOut: Int = 0, cancelled: Int = 0,
            waiting: Int = 0
        ) {
            self.alreadyReached = alreadyReached
            self.wokenByNotification = wokenByNotification
            self.wokenByRecheck = wokenByRecheck
            self.timedOut = timedOut
            self.cancelled = cancelled
            self.waiting = waiting
        }
    }

    private enum Slot {
        /// Registered; its task has not parked yet.
        case registered
        case parked(CheckedContinuation<Wake, Never>)
        /// Ended before its task parked: the task returns this at once.
        case ended(Wake)
    }

    private struct State: ~Copyable {
        var waiters = PositionWaiters()
        var slots: [Int: Slot] = [:]
        var nextID = 0
        var statistics = Statistics()
        var live = false

        /// Ends waiter `id` with `wake` unless it ended already; answers the continuation to resume.
        mutating func end(_ id: Int, _ wake: Wake) -> CheckedContinuation<Wake, Never>? {
            guard let slot = slots[id] else { return nil }
            switch slot {
            case .ended: return nil
            case .registered: slots[id] = .ended(wake)
            case .parked: slots[id] = nil
            }
            waiters.remove(id)
            count(wake)
            if case .parked(let continuation) = slot { return continuation }
            return nil
        }

        mutating func count(_ wake: Wake) {
            switch wake {
            case .alreadyReached: statistics.alreadyReached += 1
            case .notification: statistics.wokenByNotification += 1
            case .recheck: statistics.wokenByRecheck += 1
            case .timedOut: statistics.timedOut += 1
            case .cancelled: statistics.cancelled += 1
            }
        }
    }

    private let state = Mutex(State())

    public init() {}

    public var statistics: Statistics {
        state.withLock {
            var statistics = $0.statistics
            statistics.waiting = $0.waiters.waiting
            return statistics
        }
    }

    /// True while a listener is connected and has read the table since: every later move
    /// reaches this process as a notice, so a query need not read the table itself.
    public var isLive: Bool { state.withLock { $0.live } }

    var hasWaiters: Bool { state.withLock { $0.waiters.waiting > 0 } }

    func setLive(_ live: Bool) {
        state.withLock { $0.live = live }
    }

    /// Projections stand at these checkpoints (from `source`: a notice or a read of the table);
    /// resumes the waiters they complete.
    func deliver(_ notices: [CheckpointNotice], from source: Wake) {
        let resumed = state.withLock { state in
            var resumed: [CheckedContinuation<Wake, Never>] = []
            for notice in notices {
                for id in state.waiters.deliver(notice.projection, at: notice.checkpoint) {
                    if let continuation = state.end(id, source) { resumed.append(continuation) }
                }
            }
            return resumed
        }
        for continuation in resumed { continuation.resume(returning: source) }
    }

    /// Returns once each of `projections` is known to be at or past `target`, or after `timeout`.
    func wait(for target: Checkpoint, projections: [String], timeout: Duration) async -> Wake {
        let registered: Int? = state.withLock { state in
            state.nextID += 1
            guard state.waiters.register(state.nextID, target: target, projections: projections) else {
                state.count(.alreadyReached)
                return nil
            }
            state.slots[state.nextID] = .registered
            return state.nextID
        }
        guard let id = registered else { return .alreadyReached }
        // The deadline is the only timer: a wait that a notice ends never sees it fire.
        let timer = Task { [self] in
            do { try await Task.sleep(for: timeout) } catch { return }
            end(id, .timedOut)
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ended: Wake? = state.withLock { state in
                    if case .ended(let wake)? = state.slots[id] {
                        state.slots[id] = nil
                        return wake
                    }
                    state.slots[id] = .parked(continuation)
                    return nil
                }
                if let ended { continuation.resume(returning: ended) }
            }
        } onCancel: {
            end(id, .cancelled)
        }
    }

    private func end(_ id: Int, _ wake: Wake) {
        state.withLock { $0.end(id, wake) }?.resume(returning: wake)
    }
}
