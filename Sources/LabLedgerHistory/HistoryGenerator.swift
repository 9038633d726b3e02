/// A deterministic, valid event history over every aggregate of the LabLedger domain: the 2018
/// joint labs and, for larger histories, more labs founded through the first years of the story,
/// each with its agreements, funding, students, outputs, inventions and accelerator rounds.
///
/// Every event comes from a command run through its aggregate's decider against the stream's
/// state, with the facts the decider needs answered from the generator's own states, so the
/// history obeys every domain rule. The same seed and size always give the same appends; the
/// history is produced step by step, holding only the streams' states, so a million events
/// never sit in memory at once.
///
///     for append in HistoryGenerator(seed: 42, events: 10_000) { try await store.append(append) }
public struct HistoryGenerator: Sequence, Sendable {
    public let seed: UInt64
    /// The generator yields appends until at least this many events (it finishes the step that
    /// crosses it, so a few more may come).
    public let events: Int

    public init(seed: UInt64, events: Int) {
        self.seed = seed
        self.events = events
    }

    public func makeIterator() -> HistoryIterator { HistoryIterator(seed: seed, events: events) }
}
