import Synchronization

/// The documents a runner folded last, kept between pages so the next page neither reads nor
/// decodes them again, with what it last wrote of each stream's rows in the tables written row
/// by row (`WrittenRows`), so the next page writes only the rows that changed. Only the runner
/// holding the projection's lock writes its documents and rows, so what it committed is what the
/// tables hold; a person's erasure is the exception, and a document cached from before it fails
/// its next page on `person_not_erased` (docs/projections.md). New entries are staged while a
/// page is written (in a transaction, or in the one statement of a live page) and kept only once
/// it commits; a failed write empties the cache.
final class DocumentCache: Sendable {
    private struct Entry {
        var value: any Sendable
        /// Nil when the rows written with `value` are not known (they are then replaced whole).
        var written: WrittenRows?
    }

    private struct State {
        var committed: [String: Entry] = [:]
        var staged: [String: Entry] = [:]
    }

    private let state = Mutex(State())
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    func value(of stream: String) -> (any Sendable)? {
        state.withLock { ($0.staged[stream] ?? $0.committed[stream])?.value }
    }

    /// The rows last written of `stream` in the tables written row by row, when known.
    func written(of stream: String) -> WrittenRows? {
        state.withLock { ($0.staged[stream] ?? $0.committed[stream])?.written }
    }

    /// Stages `value` as `stream`'s document. What was written of its rows is forgotten until
    /// `stage(written:for:)` says it: a caller that writes them otherwise, or not at all (a
    /// rebuild's page), leaves the next page to replace them whole.
    func stage(_ value: any Sendable, for stream: String) {
        state.withLock { $0.staged[stream] = Entry(value: value, written: nil) }
    }

    /// Records what was written of the rows of `stream`, whose document is staged.
    func stage(written: WrittenRows, for stream: String) {
        state.withLock { $0.staged[stream]?.written = written }
    }

    /// Keeps the staged entries, at most `limit` in all. Past the limit it starts over rather
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
