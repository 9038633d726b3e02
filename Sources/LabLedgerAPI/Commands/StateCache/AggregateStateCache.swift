import Synchronization

/// Folded aggregate states of recently used streams, so that a command on a long stream reads
/// and folds only the events appended since (`StreamLoader`), not the whole history again.
///
/// Only an optimisation, never a source of truth: an entry is a state folded from a prefix of
/// the stream (events are never changed or removed), stored only after a read that succeeded,
/// and the loader always reads on from its version, so a write by another process is folded in
/// before a command decides; the append's expected-version check guards the rest, and a
/// conflict drops the stream's entry (`forget`) so the next attempt folds from the first event.
/// Entries are per stream and aggregate type, so a state is only ever handed back as the type
/// that folded it. At most `capacity` streams are held (least recently used dropped first).
public final class AggregateStateCache: Sendable {
    /// Counts since the process started.
    public struct Statistics: Sendable, Equatable {
        /// Loads that started from a cached state.
        public var hits = 0
        /// Loads that started from the first event.
        public var misses = 0
        /// Events read (and folded) by all loads.
        public var eventsRead = 0
        /// Streams dropped to stay within the capacity.
        public var evictions = 0
        /// Streams held now.
        public var entries = 0

        public init(hits: Int = 0, misses: Int = 0, eventsRead: Int = 0, evictions: Int = 0, entries: Int = 0) {
            (self.hits, self.misses, self.eventsRead, self.evictions, self.entries) = (hits, misses, eventsRead, evictions, entries)
        }
    }

    /// One aggregate type's fold of a stream.
    struct Entry: Sendable {
        var aggregate: ObjectIdentifier
        var state: any Sendable
        var version: Int
    }

    private struct Storage: ~Copyable {
        /// Per stream, usually one entry (one aggregate type reads each stream).
        var map: LRUMap<String, [Entry]>
        var statistics = Statistics()
    }

    /// How many streams are held at most; 0 turns the cache off.
    public let capacity: Int
    private let storage: Mutex<Storage>

    /// Streams held by default (`--state-cache-entries`, `LABLEDGER_STATE_CACHE_ENTRIES`).
    public static let defaultCapacity = 10_000

    public init(capacity: Int = defaultCapacity) {
        self.capacity = max(0, capacity)
        storage = Mutex(Storage(map: LRUMap(capacity: capacity)))
    }

    public var statistics: Statistics {
        storage.withLock {
            var statistics = $0.statistics
            statistics.entries = $0.map.count
            return statistics
        }
    }

    /// The cached state of `stream` as folded by `aggregate`, and its version. The entry stays
    /// for concurrent loads of the same stream (a lab or a commitment many commands read as a
    /// fact); the loader's first new event copies the state's collections once, which is cheaper
    /// than the refold from the first event a concurrent load would otherwise need.
    func state<State: Sendable>(of stream: String, folding aggregate: Any.Type, as _: State.Type) -> (state: State, version: Int)? {
        let key = ObjectIdentifier(aggregate)
        return storage.withLock { storage in
            guard let entry = storage.map.value(for: stream)?.first(where: { $0.aggregate == key }),
                let state = entry.state as? State
            else { return nil }
            return (state, entry.version)
        }
    }

    /// Records a load that read `eventsRead` events, and keeps its result unless a newer
    /// version of the same fold is held (two commands on one stream may finish out of order).
    func loaded<State: Sendable>(
        _ state: State, version: Int, of stream: String, folding aggregate: Any.Type, eventsRead: Int, fromCache: Bool
    ) {
        let key = ObjectIdentifier(aggregate)
        storage.withLock { storage in
            if fromCache { storage.statistics.hits += 1 } else { storage.statistics.misses += 1 }
            storage.statistics.eventsRead += eventsRead
            // An empty stream folds to the initial state: nothing to save.
            guard version > 0, capacity > 0 else { return }
            var entries = storage.map.peek(stream) ?? []
            if let index = entries.firstIndex(where: { $0.aggregate == key }) {
                guard entries[index].version < version else { return }
                entries[index] = Entry(aggregate: key, state: state, version: version)
            } else {
                entries.append(Entry(aggregate: key, state: state, version: version))
            }
            if storage.map.set(entries, for: stream) != nil { storage.statistics.evictions += 1 }
        }
    }

    /// Whether any fold of `stream` is held; not a use, so it leaves the eviction order alone.
    func holds(_ stream: String) -> Bool {
        storage.withLock { $0.map.peek(stream) != nil }
    }

    /// Drops every fold of `stream`: the next load reads it from the first event.
    func forget(_ stream: String) {
        _ = storage.withLock { $0.map.remove(stream) }
    }
}
