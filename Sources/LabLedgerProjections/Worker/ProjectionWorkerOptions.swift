import Foundation

/// How projection workers read, retry and wait.
public struct ProjectionWorkerOptions: Sendable {
    /// Events per transaction while following the live history.
    public var batchSize = 1_000
    /// Events per transaction while filling rebuilt tables or catching up (the last live page was
    /// full), at most `maxRebuildBatchSize`. Read
    /// in pieces of the store's read limit and folded `StreamProjector.foldChunk` at a time;
    /// every stream the batch touched is written once, at its end, so a larger batch writes a
    /// busy stream less often and holds more in memory (its events, and every touched stream's
    /// document until the end). 50,000 rebuilt 100,000 events 42–51% faster than 5,000 on the
    /// bench machine, at about the same peak memory (bench/README.md, "A rebuild writes each
    /// stream once per batch").
    /// Catching up uses it too, although the live checkpoint then moves once per 50,000
    /// events: with 5,000 a first build of 1,000,000 events took three times as long, and
    /// the IP-asset runner still took about 8 s per page, past a position wait's 5 s.
    public var rebuildBatchSize = 50_000
    /// The largest `rebuildBatchSize` a worker accepts.
    public static let maxRebuildBatchSize = 100_000
    /// A rebuild writes each batch's documents and keyed rows, and every stream's other rows
    /// once, when it has caught up, before its tables are swapped in (`Projector.finishRebuild`):
    /// a stream that many batches touch is rendered once instead of once per batch. Rows the
    /// database refuses for what they hold (SQLSTATE classes 22, 23, 54) then start the rebuild
    /// over with rows written per batch, which parks the event at fault. False writes them per
    /// batch in the rebuilds a session starts (for comparisons); a session that resumes a
    /// rebuild still writes them all at its end, not knowing how its pages were written.
    public var rebuildRowsAtEnd = true
    /// The longest sleep without a notification before reading again (rollbacks and appends
    /// made inside callers' transactions send none).
    public var pollInterval: Duration = .milliseconds(500)
    /// How often a standby worker tries to take a projection's lock.
    public var standbyInterval: Duration = .seconds(1)
    /// How long a standby's attempt at the lock may take before its connection is given up.
    public var lockAttemptTimeout: Duration = .seconds(5)
    /// How often a busy worker looks for operator requests (rebuild, retry, skip).
    public var controlInterval: Duration = .milliseconds(250)
    /// Attempts at one event before it is parked in `dead_letters`.
    public var maxAttempts = 3
    /// Pause before the second attempt; doubled for each further one.
    public var retryDelay: Duration = .milliseconds(100)
    /// Open dead letters at which a projection stops (state `failed`) instead of parking more:
    /// a bug that breaks every event must not empty the history into dead letters.
    public var maxOpenDeadLetters = 100
    /// An idle projection whose reads skip only other types saves its moved checkpoint at most this often.
    public var idleCheckpointInterval: Duration = .seconds(1)
    /// After two rounds in a row that found none of its projection's events, the next starts no
    /// sooner than this. Every append wakes every runner, and under a stream of commands of other
    /// types each idle runner read (and announced) a page every few milliseconds: most of
    /// PostgreSQL's work per command (bench/README.md, "Per-request work in the server"). A
    /// runner that applied events starts its next round at once, and the round after that waits
    /// for the next append without the spacing, so a writer that reads its own writes one after
    /// another never waits for it; only an event of the runner's types arriving within this long
    /// of an idle round is read up to this much later.
    public var idleRoundSpacing: Duration = .milliseconds(10)
    /// Documents a runner keeps in memory between pages (per projection and target).
    public var documentCacheLimit = 200_000
    /// Cores one page's streams are decoded and folded on (a page of a few hundred events or
    /// fewer folds on one).
    public var foldParallelism = ProcessInfo.processInfo.activeProcessorCount
    public var initialReconnectDelay: Duration = .milliseconds(50)
    public var maximumReconnectDelay: Duration = .seconds(5)
    /// Shown in `projections.worker`.
    public var workerName = "\(Self.hostName()):\(ProcessInfo.processInfo.processIdentifier)"

    public init() {}

    /// `gethostname`, not `ProcessInfo.hostName`: the latter resolves the name through DNS,
    /// which blocks for seconds on a machine without a resolver.
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
