import LabLedgerDomain

/// Walks a `HistoryGenerator`'s history: runs the story's steps in story order and hands out
/// the appends each step made, one at a time.
public struct HistoryIterator: IteratorProtocol, Sendable {
    /// Readable inside the module, for debugging tools built with `@testable import`.
    private(set) var world: HistoryWorld
    private var ready: [GeneratedAppend] = []
    private var readyIndex = 0
    private var setupError: HistoryGenerationError?
    /// Events handed out so far.
    public private(set) var eventsGenerated = 0
    /// Appends handed out so far.
    public private(set) var appendsGenerated = 0

    init(seed: UInt64, events: Int) {
        world = HistoryWorld(seed: seed, target: events)
        do {
            try world.planSeeds()
        } catch {
            setupError = .wrapping(error)
        }
    }

    /// The next append, or nil once at least the requested number of events has been handed
    /// out and the step that crossed it is complete (so every state the generator holds is the
    /// fold of the appends handed out). Throws only on a generator bug.
    public mutating func nextAppend() throws(HistoryGenerationError) -> GeneratedAppend? {
        if let setupError { throw setupError }
        while readyIndex == ready.count {
            guard eventsGenerated < world.target else { return nil }
            ready.removeAll(keepingCapacity: true)
            readyIndex = 0
            do {
                guard try world.step() else { return nil }
            } catch {
                throw .wrapping(error)
            }
            swap(&ready, &world.outbox)
        }
        let append = ready[readyIndex]
        readyIndex += 1
        eventsGenerated += append.events.count
        appendsGenerated += 1
        return append
    }

    /// Like `nextAppend()`, for `for … in`. A refused command is a bug in the generator, never a
    /// property of the seed, so it stops the program with the domain's reason rather than
    /// quietly ending the history short.
    public mutating func next() -> GeneratedAppend? {
        do {
            return try nextAppend()
        } catch {
            fatalError("LabLedgerHistory: \(error)")
        }
    }

    /// The generator's state of `stream` after the last step it ran — once `nextAppend()` has
    /// returned nil, the fold of every append handed out; nil for a stream it never created.
    public func state(of stream: StreamName) -> HistoryStreamState? { world.state(of: stream) }

    /// How many events the generator has appended to `stream` (as of the last step it ran).
    public func version(of stream: StreamName) -> Int? { world.version(of: stream) }

    /// The story day of the step that made the last append.
    public var storyDate: LocalDate? { try? LocalDate(daysSinceEpoch: world.today) }
}
