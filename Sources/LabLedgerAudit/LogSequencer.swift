import EventStore
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization
import TransparencyLog

/// Follows the gap-safe history and gives every event the next log index, extending the
/// Merkle tree by the subtrees each page completes; signs a checkpoint when the tree has grown,
/// at most once per `checkpointInterval`. One sequencer is active per database (an advisory
/// lock on its own connection); the others stand by and take over when it goes.
public struct LogSequencer: Service {
    public struct Options: Sendable {
        /// Least time between two signed checkpoints.
        public var checkpointInterval: Duration = .milliseconds(500)
        /// Longest sleep when no event arrives (appends wake it sooner).
        public var pollInterval: Duration = .milliseconds(500)
        /// After a page that sequenced events, appends gather this long before the next: every
        /// append wakes the sequencer, and under a stream of commands it wrote a transaction of
        /// a few entries every few milliseconds, a tenth of PostgreSQL's work per command
        /// (bench/README.md, "Per-request work in the server"). Small beside `checkpointInterval`,
        /// which bounds how soon a sequenced event is in a signed checkpoint anyway.
        public var gatherInterval: Duration = .milliseconds(20)
        /// How often a standby tries the lock.
        public var standbyInterval: Duration = .seconds(1)
        public var pageSize = 1_000
        public init() {}
    }

    let store: PostgresEventStore
    let signer: CheckpointSigner
    let options: Options
    let logger: Logger

    public init(store: PostgresEventStore, signer: CheckpointSigner, options: Options = Options(), logger: Logger) {
        self.store = store
        self.signer = signer
        self.options = options
        self.logger = logger
    }

    public func run() async throws {
        let shutdown = StopSignal()
        await withGracefulShutdownHandler {
            var delay = Duration.milliseconds(100)
            while !shutdown.isSet, !Task.isCancelled {
                do {
                    try await session(shutdown)
                    delay = .milliseconds(100)
                } catch {
                    if shutdown.isSet || Task.isCancelled { return }
                    if error is SigningRefused || error is NotThisLogsKey {
                        // Not a passing fault: an operator must look (the log was altered, or keys mixed).
                        logger.error("log sequencer: \(error); retrying in \(delay)")
                    } else {
                        logger.warning("log sequencer: \(PostgresEventStore.describe(error)); retrying in \(delay)")
                    }
                    try? await Task.sleep(for: delay)
                    delay = min(delay * 2, .seconds(5))
                }
            }
        } onGracefulShutdown: {
            shutdown.set()
        }
    }

    private func session(_ shutdown: StopSignal) async throws {
        let configuration = try store.database.with(applicationName: "labledger-sequencer").connectionConfiguration()
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 3_000_000, logger: logger)
        defer { Task { try? await connection.close() } }
        let book = LogBook(connection: connection, logger: logger)
        guard try await book.tryLock() else {
            try? await Task.sleep(for: options.standbyInterval)
            return
        }
        // A lost async commit loses the entries and the head move together: the page is read again.
        try await connection.query("SET synchronous_commit = off", logger: logger)
        // A connection lost without a word (a partition) leaves its backend holding the lock
        // until TCP gives up, hours later; idle for a minute, the server ends it. The loop is
        // never idle that long (it polls every `pollInterval`).
        try await connection.query("SET idle_session_timeout = '60s'", logger: logger)
        // Another key signed this log: signing with this one would mix keys in one log.
        let latest = try await book.latestCheckpoint()
        if let latest, !signer.signed(latest.note) {
            throw NotThisLogsKey(size: latest.size)
        }
        let wakeups = store.appendListener.join()
        // A shutdown wakes the session's wait so it ends at once.
        let watch = shutdown.onSet { wakeups.wake() }
        defer {
            shutdown.forget(watch)
            wakeups.leave()
        }
        var head = try await book.head()
        var frontier = try await book.frontier(size: head.size)
        var signedSize = latest?.size ?? 0
        var lastSigned = ContinuousClock.now - options.checkpointInterval
        logger.info("log sequencer: active at tree size \(head.size)")
        while !shutdown.isSet, !Task.isCancelled {
            if connection.isClosed { throw ConnectionClosed(what: "the sequencer's connection") }
            // Only the columns the leaves need: the events' data never reaches the tree.
            let page = try await store.readDigestPage(after: head.checkpoint, limit: options.pageSize, on: connection)
            if !page.events.isEmpty || page.resumeAt > head.checkpoint {
                let append = LogAppend(events: page.events.map { ($0.globalPosition, $0.logLeaf) }, after: frontier)
                if !append.entries.isEmpty {
                    try await book.write(append, resumeAt: page.resumeAt, previous: head)
                    head = LogBook.Head(size: append.frontier.size, checkpoint: page.resumeAt)
                    frontier = append.frontier
                } else {
                    // Nothing to sequence below the watermark: remember how far that is only in
                    // memory, the head row moves with the next entries.
                    head.checkpoint = page.resumeAt
                }
            }
            if frontier.size > signedSize, ContinuousClock.now - lastSigned >= options.checkpointInterval {
                try await sign(frontier, book: book)
                signedSize = frontier.size
                lastSigned = .now
            }
            if page.isFull { continue }
            if !page.events.isEmpty, options.gatherInterval > .zero, !shutdown.isSet {
                try? await Task.sleep(for: options.gatherInterval)
            }
            // A grown tree is signed when its interval ends, not up to a poll later: with no append
            // to wake it, the wait would otherwise add as much as `pollInterval` to the lag.
            var wait = options.pollInterval
            if frontier.size > signedSize {
                let untilDue = options.checkpointInterval - (ContinuousClock.now - lastSigned)
                wait = max(.milliseconds(1), min(wait, untilDue))
            }
            await wakeups.waitForAppends(timeout: wait)
        }
    }

    /// Signs the tree only if it extends the last one this key signed (the record beside the
    /// key, outside the database); records it before the checkpoint is stored, so a crash
    /// in between only leaves the record ahead, which the next signature extends.
    private func sign(_ frontier: LogFrontier, book: LogBook) async throws {
        let last = try signer.record.read()
        var proof: [LogHash] = []
        if let last, last.size >= 1, last.size < frontier.size {
            proof = try await book.consistencyProof(from: last.size, to: frontier.size)
        }
        if case .refuse(let reason) = SigningGuard.judge(last: last, size: frontier.size, root: frontier.root, proof: proof) {
            throw SigningRefused(reason: reason)
        }
        let note = try signer.sign(size: frontier.size, root: frontier.root)
        try signer.record.write(.init(size: frontier.size, root: frontier.root))
        try await book.insertCheckpoint(size: frontier.size, root: frontier.root, note: note)
    }

    struct SigningRefused: Error, CustomStringConvertible {
        var reason: String
        var description: String { "refusing to sign a checkpoint: \(reason); the stored log or the events were altered — run `labledger verify`" }
    }

    struct NotThisLogsKey: Error, CustomStringConvertible {
        var size: Int64
        var description: String {
            "the newest checkpoint (\(size) leaves) was not signed by this process's key; give every sequencer of this database the same key file"
        }
    }

    struct ConnectionClosed: Error, CustomStringConvertible {
        var what: String
        var description: String { "\(what) was closed" }
    }
}
