import EventStore
import Foundation
import LabLedgerDomain

/// Folds one stream into its aggregate's state: what a command handler decides against, and
/// how it gathers facts about other streams.
struct StreamLoader: Sendable {
    let store: PostgresEventStore

    struct Loaded<State: Sendable>: Sendable {
        var state: State
        /// The stream's version (0 when it has no events).
        var version: Int
    }

    func load<A: Aggregate>(_ aggregate: A.Type, stream: StreamName) async throws -> Loaded<A.State> {
        var state = A.initial
        var version = 0
        let page = 1_000
        while true {
            let events = try await store.readStream(stream.rawValue, from: version + 1, limit: page)
            for recorded in events {
                let event = try A.Codec.decode(
                    EncodedEvent(type: recorded.type, schemaVersion: recorded.schemaVersion, data: recorded.data))
                A.evolve(&state, event)
                version = recorded.streamVersion
            }
            if events.count < page { break }
        }
        return Loaded(state: state, version: version)
    }

    /// Whether a stream has any event.
    func exists(_ stream: StreamName) async throws -> Bool {
        try await store.currentVersion(of: stream.rawValue) > 0
    }
}
