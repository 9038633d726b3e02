/// What an append wrote (or, for an idempotent retry, what the first attempt wrote).
public struct AppendResult: Sendable, Hashable {
    /// The stream's version after the append: the version of its last event.
    public var streamVersion: Int
    /// The global positions of the appended events, in the order given.
    public var positions: [Int64]
    /// The transaction that wrote them.
    public var transactionID: UInt64
    /// True when these events were already stored by an earlier append with the same ids.
    public var wasAlreadyAppended: Bool

    /// The checkpoint of the last event: a reader that reached it has seen the whole append.
    public var checkpoint: Checkpoint {
        Checkpoint(transactionID: transactionID, position: positions.last ?? 0)
    }
}
