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
        public var checkpointInterval: Duration = .seconds(1)
        /// Longest sleep when no event arrives (appends wake it sooner).
        public var pollInterval: Duration = .milliseconds(500)
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
        let stopped = Mutex<ListeningConnection?>(nil)
        let stopping = Atomic<Bool>(false)
        await withGracefulShutdownHandler {
            var delay = Duration.milliseconds(100)
            while !stopping.load(ordering: .relaxed), !Task.isCancelled {
                do {
                    try await session(isStopping: { stopping.load(ordering: .relaxed) }, link: stopped)
                    delay = .milliseconds(100)
                } catch {
                    if stopping.load(ordering: .relaxed) || Task.isCancelled { return }
                    logger.warning("log sequencer: \(PostgresEventStore.describe(error)); retrying in \(delay)")
                    try? await Task.sleep(for: delay)
                    delay = min(delay * 2, .seconds(5))
                }
            }
        } onGracefulShutdown: {
            stopping.store(true, ordering: .relaxed)
            stopped.withLock { $0?.wake() }
        }
    }

    private func session(isStopping: @Sendable () -> Bool, link holder: Mutex<ListeningConnection?>) async throws {
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
        let link = try await ListeningConnection.open(store: store, applicationName: "labledger-sequencer-wakeups")
        holder.withLock { $0 = link }
        defer {
            holder.withLock { $0 = nil }
            link.close()
        }
        var head = try await book.head()
        var frontier = try await book.frontier(size: head.size)
        var signedSize = try await book.latestCheckpointSize()
        var lastSigned = ContinuousClock.now - options.checkpointInterval
        logger.info("log sequencer: active at tree size \(head.size)")
        while !isStopping(), !Task.isCancelled {
            if connection.isClosed { throw LogBook.HeadMoved() }
            let page = try await store.readPage(after: head.checkpoint, limit: options.pageSize, on: connection)
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
                let note = try signer.sign(size: frontier.size, root: frontier.root)
                try await book.insertCheckpoint(size: frontier.size, root: frontier.root, note: note)
                signedSize = frontier.size
                lastSigned = .now
            }
            if page.isFull { continue }
            let pending = frontier.size > signedSize
            await link.waitForAppends(timeout: pending ? min(options.pollInterval, options.checkpointInterval) : options.pollInterval)
        }
    }
}
