import Foundation
import Logging
import PostgresNIO
import Synchronization

/// How a subscription reads and waits.
public struct SubscriptionOptions: Sendable, Hashable {
    /// Events fetched per read while catching up.
    public var batchSize = 500
    /// The longest wait without a notification before reading again. Notifications are only
    /// sent after commits of `append`; a transaction that the watermark waited for and that
    /// rolled back sends none, so polling bounds how long a reader can sleep on stale news.
    public var pollInterval: Duration = .milliseconds(500)
    /// First and longest pause before reconnecting after the connection dropped.
    public var initialReconnectDelay: Duration = .milliseconds(50)
    public var maximumReconnectDelay: Duration = .seconds(5)
    /// Shown in `pg_stat_activity` for the subscription's own connection.
    public var applicationName = "labledger-subscriber"

    public init() {}
}

extension PostgresEventStore {
    /// Every event after `checkpoint`, in gap-safe order, then each new one as it commits;
    /// it ends only when the consuming task is cancelled. Reading pulls pages on demand, so a
    /// slow consumer holds no more than one page in memory.
    public func subscribe(after checkpoint: Checkpoint = .start, options: SubscriptionOptions = SubscriptionOptions()) -> EventSubscription {
        EventSubscription(store: self, start: checkpoint, options: options)
    }
}

public struct EventSubscription: AsyncSequence, Sendable {
    public typealias Element = RecordedEvent

    let store: PostgresEventStore
    let start: Checkpoint
    let options: SubscriptionOptions

    public func makeAsyncIterator() -> Iterator {
        Iterator(store: store, checkpoint: start, options: options)
    }

    public final class Iterator: AsyncIteratorProtocol {
        private let store: PostgresEventStore
        private let options: SubscriptionOptions
        private var checkpoint: Checkpoint
        private var buffer: [RecordedEvent] = []
        private var index = 0
        private var link: ListeningConnection?
        private var reconnectDelay: Duration

        init(store: PostgresEventStore, checkpoint: Checkpoint, options: SubscriptionOptions) {
            self.store = store
            self.checkpoint = checkpoint
            self.options = options
            self.reconnectDelay = options.initialReconnectDelay
        }

        deinit {
            link?.close()
        }

        /// The checkpoint of the last event handed out.
        public var position: Checkpoint { checkpoint }

        public func next() async throws -> RecordedEvent? {
            while !Task.isCancelled {
                if index < buffer.count {
                    let event = buffer[index]
                    index += 1
                    checkpoint = event.checkpoint
                    return event
                }
                do {
                    let link = try await connected()
                    let page = try await store.readAll(after: checkpoint, limit: options.batchSize, on: link.connection)
                    reconnectDelay = options.initialReconnectDelay
                    if page.isEmpty {
                        await link.doorbell.wait(timeout: options.pollInterval)
                    } else {
                        buffer = page
                        index = 0
                    }
                } catch where Self.isConnectionFailure(error) {
                    store.logger.warning("subscription lost its connection, reconnecting: \(error)")
                    link?.close()
                    link = nil
                    try? await Task.sleep(for: reconnectDelay)
                    reconnectDelay = Swift.min(reconnectDelay * 2, options.maximumReconnectDelay)
                }
            }
            link?.close()
            link = nil
            return nil
        }

        private func connected() async throws -> ListeningConnection {
            if let link, !link.connection.isClosed { return link }
            link?.close()
            let fresh = try await ListeningConnection.open(store: store, options: options)
            link = fresh
            return fresh
        }

        /// Connection failures are cured by reconnecting; other errors (a bad query, missing
        /// privileges) would fail again, and are thrown to the consumer instead of hidden.
        static func isConnectionFailure(_ error: any Error) -> Bool {
            guard error is PSQLError else { return !(error is EventStoreError) }
            return PostgresEventStore.isConnectionFailure(error)
        }
    }
}

/// A connection of its own that LISTENs for appends, with a task that turns notifications
/// into rings. Subscriptions and projection workers read (and workers write) on it.
public final class ListeningConnection: Sendable {
    public let connection: PostgresConnection
    let doorbell = Doorbell()
    private let listener = Mutex<Task<Void, Never>?>(nil)

    private static let ids = Atomic<Int>(1)

    private init(connection: PostgresConnection) {
        self.connection = connection
    }

    static func open(store: PostgresEventStore, options: SubscriptionOptions) async throws -> ListeningConnection {
        try await open(store: store, applicationName: options.applicationName)
    }

    /// Connects as the store's login, shown as `applicationName` in `pg_stat_activity`.
    public static func open(store: PostgresEventStore, applicationName: String) async throws -> ListeningConnection {
        let configuration = try store.database.with(applicationName: applicationName).connectionConfiguration()
        let id = ids.wrappingAdd(1, ordering: .relaxed).oldValue
        let connection = try await PostgresConnection.connect(configuration: configuration, id: id, logger: store.logger)
        let link = ListeningConnection(connection: connection)
        link.startListening(channel: PostgresEventStore.notificationChannel, logger: store.logger)
        return link
    }

    private func startListening(channel: String, logger: Logger) {
        let doorbell = self.doorbell
        let connection = self.connection
        let task = Task {
            do {
                try await connection.listen(on: channel) { notifications in
                    // LISTEN is active from here: a read after this ring misses no commit.
                    doorbell.ring()
                    for try await _ in notifications { doorbell.ring() }
                }
            } catch {
                logger.debug("subscription listener ended: \(error)")
            }
            // The connection broke or closed: wake the reader so it notices now, not at its next poll.
            doorbell.ring()
        }
        listener.withLock { $0 = task }
    }

    /// Returns after a notification (or one that came since the last wait), after `timeout`,
    /// or when the connection breaks or the task is cancelled.
    public func waitForAppends(timeout: Duration) async {
        await doorbell.wait(timeout: timeout)
    }

    /// Wakes a waiter now (a shutdown, an operator's request seen elsewhere).
    public func wake() {
        doorbell.ring()
    }

    public var isClosed: Bool { connection.isClosed }

    public func close() {
        listener.withLock { $0?.cancel() }
        let connection = self.connection
        Task { try? await connection.close() }
    }
}
