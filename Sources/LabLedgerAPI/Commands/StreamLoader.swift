import EventStore
import Foundation
import LabLedgerDomain
import LabLedgerPrivacy

/// Folds one stream into its aggregate's state: what a command handler decides against, and
/// how it gathers facts about other streams. Starts from the state `cache` holds for the
/// stream, if any, and reads only the events after it, so a command on a long stream costs
/// the events appended since the last command, not the stream's length.
struct StreamLoader: Sendable {
    let store: PostgresEventStore
    let cache: AggregateStateCache

    struct Loaded<State: Sendable>: Sendable {
        var state: State
        /// The stream's version (0 when it has no events).
        var version: Int
    }

    /// Deciding reads personal data but shows it to no one: the vault opens the events without
    /// a reader, so no access-log entry is written for the people they name. Here, not around
    /// the command's own stream only: `prepare` loads other streams too (`Facts`).
    func load<A: Aggregate>(_ aggregate: A.Type, stream: StreamName) async throws -> Loaded<A.State> {
        try await PersonalDataReader.$current.withValue(nil) { try await loadUnlogged(aggregate, stream: stream) }
    }

    private func loadUnlogged<A: Aggregate>(_ aggregate: A.Type, stream: StreamName) async throws -> Loaded<A.State> {
        let cached = cache.state(of: stream.rawValue, folding: A.self, as: A.State.self)
        var state = cached?.state ?? A.initial
        var version = cached?.version ?? 0
        let fromCache = cached != nil
        var read = 0
        let page = 1_000
        while true {
            let events = try await store.readStream(stream.rawValue, from: version + 1, limit: page)
            for recorded in events {
                let event = try A.Codec.decode(
                    EncodedEvent(type: recorded.type, schemaVersion: recorded.schemaVersion, data: recorded.data))
                A.evolve(&state, event)
                version = recorded.streamVersion
            }
            read += events.count
            if events.count < page { break }
        }
        // Only now, after every page was read and folded: a failed read caches nothing.
        cache.loaded(state, version: version, of: stream.rawValue, folding: A.self, eventsRead: read, fromCache: fromCache)
        return Loaded(state: state, version: version)
    }

    /// Drops the cached folds of `stream`: after a version conflict the next attempt folds it
    /// from the first event, so no cached state, however it came to be wrong, is retried against.
    func forget(_ stream: String) {
        cache.forget(stream)
    }

    /// Whether the cache holds a fold of `stream` (which then has events).
    func holds(_ stream: StreamName) -> Bool {
        cache.holds(stream.rawValue)
    }

    /// Whether a stream has any event.
    func exists(_ stream: StreamName) async throws -> Bool {
        try await store.currentVersion(of: stream.rawValue) > 0
    }
}
