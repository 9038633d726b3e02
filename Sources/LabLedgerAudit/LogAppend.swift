import EventStore
import TransparencyLog

/// One sequencer step as a value: the events of a gap-safe page become the next log entries,
/// the complete subtrees they finish, and the frontier after them. Pure, so the tree's growth
/// is tested without a database.
struct LogAppend: Equatable {
    struct Entry: Equatable {
        var logIndex: Int64
        var globalPosition: Int64
    }

    var entries: [Entry] = []
    var subtrees: [(id: SubtreeID, hash: LogHash)] = []
    var frontier: LogFrontier

    /// The leaves of `events`, in their order, appended after `frontier`.
    init(events: [(globalPosition: Int64, leaf: LogHash)], after frontier: LogFrontier) {
        self.frontier = frontier
        for event in events {
            entries.append(Entry(logIndex: self.frontier.size, globalPosition: event.globalPosition))
            subtrees += self.frontier.append(event.leaf)
        }
    }

    static func == (a: LogAppend, b: LogAppend) -> Bool {
        a.entries == b.entries && a.frontier == b.frontier
            && a.subtrees.map(\.id) == b.subtrees.map(\.id) && a.subtrees.map(\.hash) == b.subtrees.map(\.hash)
    }
}

extension EventDigest {
    /// The event's leaf in the transparency log (as `RecordedEvent.logLeaf`).
    public var logLeaf: LogHash {
        LogLeaf.hash(eventHash: hash, recordedAtMicroseconds: recordedAtMicroseconds)
    }
}

extension RecordedEvent {
    /// The event's leaf in the transparency log: its chain hash and the time the database
    /// recorded it, which the chain cannot cover (the store hashes before the insert).
    public var logLeaf: LogHash {
        LogLeaf.hash(eventHash: Array(hash), recordedAtMicroseconds: recordedAtMicroseconds)
    }
}
