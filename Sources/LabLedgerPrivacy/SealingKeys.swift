import Foundation
import Synchronization

/// Data keys this process has seen committed, to seal without the database, and the erasure
/// epoch (`protection_epoch`, schema/migrations/0035) they were all read at.
///
/// Why an epoch and not only eviction: `forget` evicts in its own process, but a key another
/// process remembers would otherwise outlive the erasure there until a restart, and that
/// process would go on sealing new details with it. Every erasure moves the epoch in its own
/// transaction, and every append sealed from here is stored only while the epoch is still the
/// one the keys were read at (checked inside the append's single statement, at no extra round
/// trip). The first append after an erasure anywhere therefore stores nothing; this cache is
/// dropped whole (which keys went is not known, and erasures are rare) and the append runs in a
/// transaction that reads its keys afresh, so an erased person's details are refused in every
/// process alike. Caching only within one transaction would cost a round trip per append.
final class SealingKeys: Sendable {
    private struct State {
        var epoch: Int64?
        var keys: [String: Data] = [:]
    }

    private let state = Mutex(State())
    /// Past this many keys the cache starts over rather than track recency: a miss costs one
    /// append in a transaction, and a process meets that many people rarely.
    static let limit = 10_000

    /// The remembered keys among `people` and the epoch they were read at; nil while no epoch
    /// is known (nothing remembered yet, or dropped since). Looked up one by one: the cache
    /// may hold thousands.
    func remembered(among people: Set<String>) -> (keys: [String: Data], epoch: Int64)? {
        state.withLock { state -> (keys: [String: Data], epoch: Int64)? in
            guard let epoch = state.epoch else { return nil }
            var found: [String: Data] = [:]
            for person in people { if let key = state.keys[person] { found[person] = key } }
            return (found, epoch)
        }
    }

    /// The remembered keys among `people`, whatever is missing (the transactional seal's start).
    func known(among people: Set<String>) -> [String: Data] {
        state.withLock { state in
            var found: [String: Data] = [:]
            for person in people { if let key = state.keys[person] { found[person] = key } }
            return found
        }
    }

    /// Remembers `fresh`, read when the epoch was `epoch`. Keys read at an older epoch than the
    /// cache's are not kept (an erasure came between); a newer epoch drops the rest first.
    func remember(_ fresh: [String: Data], readAt epoch: Int64) {
        guard !fresh.isEmpty else { return }
        state.withLock { state in
            if let current = state.epoch {
                if epoch < current { return }
                if epoch > current { state.keys = [:] }
            }
            state.epoch = epoch
            if state.keys.count + fresh.count > Self.limit { state.keys = [:] }
            state.keys.merge(fresh) { $1 }
        }
    }

    /// An epoch read in the database: when it is newer than the remembered keys', they go.
    func observe(_ epoch: Int64) {
        state.withLock { state in
            if let current = state.epoch, epoch > current { state = State(epoch: epoch) }
        }
    }

    func evict(_ person: String) {
        state.withLock { _ = $0.keys.removeValue(forKey: person) }
    }

    /// Forgets every key: the epoch moved, so some of them may have been destroyed since.
    func clear() {
        state.withLock { $0 = State() }
    }

    /// The epoch the remembered keys were read at (tests stand in for a racing seal with it).
    var epoch: Int64? { state.withLock { $0.epoch } }
}
