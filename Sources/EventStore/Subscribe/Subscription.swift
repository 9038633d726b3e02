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
        /// The connection its reads run on, opened again after it drops.
        private var connection: PostgresConnection?
        /// Its place at the store's shared LISTEN, for the subscription's whole life: a drop of
        /// its own connection does not leave (a lone subscriber would close and reopen the LISTEN).
        private var wakeups: AppendWakeups?
        private var reconnectDelay: Duration

        init(store: PostgresEventStore, checkpoint: Checkpoint, options: SubscriptionOptions) {
            self.store = store
            self.checkpoint = checkpoint
            self.options = options
            self.reconnectDelay = options.initialReconnectDelay
        }

        deinit {
            close()
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
                    let connection = try await connected()
                    let page = try await store.readAll(after: checkpoint, limit: options.batchSize, on: connection)
                    reconnectDelay = options.initialReconnectDelay
                    if page.isEmpty {
                        await joined().waitForAppends(timeout: options.pollInterval)
                    } else {
                        buffer = page
                        index = 0
                    }
                } catch where Self.isConnectionFailure(error) {
                    store.logger.warning("subscription lost its connection, reconnecting: \(error)")
                    closeConnection()
                    try? await Task.sleep(for: reconnectDelay)
                    reconnectDelay = Swift.min(reconnectDelay * 2, options.maximumReconnectDelay)
                }
            }
            close()
            return nil
        }

        private func connected() async throws -> PostgresConnection {
            if let connection, !connection.isClosed { return connection }
            closeConnection()
            let configuration = try store.database.with(applicationName: options.applicationName).connectionConfiguration()
            let id = Self.ids.wrappingAdd(1, ordering: .relaxed).oldValue
            let fresh = try await PostgresConnection.connect(configuration: configuration, id: id, logger: store.logger)
            connection = fresh
            return fresh
        }

        private func closeConnection() {
            guard let connection else { return }
            self.connection = nil
            Task { try? await connection.close() }
        }

        private func joined() -> AppendWakeups {
            if let wakeups { return wakeups }
            let fresh = store.appendListener.join()
            wakeups = fresh
            return fresh
        }

        private func close() {
            closeConnection()
            wakeups?.leave()
            wakeups = nil
        }

        private static let ids = Atomic<Int>(1)

        /// Connection failures are cured by reconnecting; other errors (a bad query, missing
        /// privileges) would fail again, and are thrown to the consumer instead of hidden.
        static func isConnectionFailure(_ error: any Error) -> Bool {
            guard error is PSQLError else { return !(error is EventStoreError) }
            return PostgresEventStore.isConnectionFailure(error)
        }
    }
}
