import Synchronization

/// The documents a runner folded last, kept between pages so the next page neither reads nor
/// decodes them again. Only the runner holding the projection's lock writes its documents, so
/// what it committed is what the table holds. New values are staged while a transaction is
/// open and kept only once it commits; a failed transaction empties the cache.
final class DocumentCache: Sendable {
    private struct State {
        var committed: [String: any Sendable] = [:]
        var staged: [String: any Sendable] = [:]
    }

    private let state = Mutex(State())
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    func value(of stream: String) -> (any Sendable)? {
        state.withLock { $0.staged[stream] ?? $0.committed[stream] }
    }

    func stage(_ value: any Sendable, for stream: String) {
        state.withLock { $0.staged[stream] = value }
    }

    /// Keeps the staged values, at most `limit` in all. Past the limit it starts over rather
    /// than track recency (a miss only costs a read); a transaction that staged more than the
    /// limit on its own leaves nothing kept (a limit of 0 keeps nothing).
    func commit() {
        state.withLock { state in
            guard state.staged.count <= limit else {
                state = State()
                return
            }
            if state.committed.count + state.staged.count > limit { state.committed = [:] }
            state.committed.merge(state.staged) { _, new in new }
            state.staged = [:]
        }
    }

    /// Documents kept (committed), for tests.
    var count: Int { state.withLock { $0.committed.count } }

    func discard() {
        state.withLock { $0 = State() }
    }
}
