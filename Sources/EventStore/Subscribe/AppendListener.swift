import Logging
import PostgresNIO
import Synchronization

/// The process's one LISTEN on `labledger_events`, shared by every reader that waits for
/// appends (the projection runners, the log's sequencer, subscriptions).
///
/// PostgreSQL delivers each notification to every listening backend, waking each one: eight
/// listeners in one process cost eight backend wake-ups per append (about 6 µs of PostgreSQL's
/// CPU each, `bench/README.md`), where one connection and a ring per reader in memory cost one.
///
/// The connection is opened when the first reader joins and closed when the last leaves. When
/// it drops, every reader is rung (so none sleeps on news that will not come) and it reconnects
/// with back-off while readers remain; meanwhile they fall back to their poll. Each time LISTEN
/// becomes active every reader is rung again: commits while it was down sent notifications
/// nobody heard, and a read after that ring misses none of them.
public final class AppendListener: Sendable {
    private struct State {
        var bells: [Int: Doorbell] = [:]
        var nextID = 0
        /// The listening task and the connection it holds, per start: a task left over from
        /// an earlier start (its readers all left) must not touch a later one's state.
        var session: (generation: Int, task: Task<Void, Never>)?
        var connection: PostgresConnection?
        var generation = 0
        var isLive = false
    }

    private let state = Mutex(State())
    /// The connection's loop: reconnects, and gives up a connection that stops answering its
    /// ping (every 30 s, 10 s to answer by default), which would otherwise leave every reader
    /// of the process on its poll, unnoticed.
    let loop: ListeningConnection

    init(
        database: DatabaseConfig, channel: String, applicationName: String = "labledger-wakeups",
        pingInterval: Duration = .seconds(30), pingTimeout: Duration = .seconds(10), logger: Logger
    ) {
        loop = ListeningConnection(
            database: database, channel: channel, applicationName: applicationName, role: "append listener",
            pingInterval: pingInterval, pingTimeout: pingTimeout, logger: logger)
    }

    /// Connections closed because a ping went unanswered (for tests).
    var silentConnectionsGivenUp: Int { loop.silentConnectionsGivenUp.load(ordering: .relaxed) }

    /// A reader's place: rung on every append notification, when LISTEN (re)starts and when the
    /// connection drops. Leave it (or let it go) when done.
    public func join() -> AppendWakeups {
        let doorbell = Doorbell()
        let id = state.withLock { state -> Int in
            state.nextID += 1
            state.bells[state.nextID] = doorbell
            // Already listening: a read after joining sees every commit the notifications
            // will not cover, so the first wait need not wait.
            if state.isLive { doorbell.ring() }
            if state.session == nil { start(&state) }
            return state.nextID
        }
        return AppendWakeups(listener: self, id: id, doorbell: doorbell)
    }

    func leave(_ id: Int) {
        let ended = state.withLock { state -> (Task<Void, Never>, PostgresConnection?)? in
            guard state.bells.removeValue(forKey: id) != nil, state.bells.isEmpty, let session = state.session else { return nil }
            let connection = state.connection
            state.session = nil
            state.connection = nil
            state.isLive = false
            return (session.task, connection)
        }
        guard let (task, connection) = ended else { return }
        task.cancel()
        if let connection { Task { try? await connection.close() } }
    }

    /// Whether LISTEN is active now (for tests and status).
    public var isListening: Bool { state.withLock { $0.isLive } }

    /// Readers waiting on this listener now.
    public var readerCount: Int { state.withLock { $0.bells.count } }

    private func start(_ state: inout State) {
        state.generation += 1
        let generation = state.generation
        let task = Task.detached { [self] in await self.listen(generation: generation) }
        state.session = (generation, task)
    }

    private func listen(generation: Int) async {
        await loop.run(
            adopt: { adopt($0, generation: generation) },
            // LISTEN is active from here: a read after this ring misses no commit.
            listening: { _ in ringAll(generation: generation, live: true) },
            notified: { _ in ringAll(generation: generation, live: nil) },
            // The connection broke or closed: wake the readers so they notice now, not at their next poll.
            ended: { ringAll(generation: generation, live: false) })
    }

    /// Records `connection` as this start's, unless its readers all left meanwhile.
    private func adopt(_ connection: PostgresConnection, generation: Int) -> Bool {
        state.withLock { state in
            guard state.session?.generation == generation else { return false }
            state.connection = connection
            return true
        }
    }

    private func ringAll(generation: Int, live: Bool?) {
        let bells = state.withLock { state -> [Doorbell] in
            guard state.session?.generation == generation else { return [] }
            if let live {
                state.isLive = live
                if !live { state.connection = nil }
            }
            return Array(state.bells.values)
        }
        for bell in bells { bell.ring() }
    }
}

/// One reader's wake-ups from the process's `AppendListener`.
public final class AppendWakeups: Sendable {
    private let listener: AppendListener
    private let id: Int
    private let doorbell: Doorbell
    private let left = Atomic<Bool>(false)

    init(listener: AppendListener, id: Int, doorbell: Doorbell) {
        self.listener = listener
        self.id = id
        self.doorbell = doorbell
    }

    deinit { leave() }

    /// Returns after a notification (or one that came since the last wait), after `timeout`,
    /// when the listener's connection drops or starts listening again, after `wake()`, or when
    /// the task is cancelled; true when it was rung, false after the timeout or a cancellation.
    @discardableResult
    public func waitForAppends(timeout: Duration) async -> Bool {
        await doorbell.wait(timeout: timeout)
    }

    /// Wakes this reader now (a shutdown, another runner's commit).
    public func wake() {
        doorbell.ring()
    }

    /// Stops ringing this reader; the listener closes its connection when the last one leaves.
    public func leave() {
        guard !left.exchange(true, ordering: .relaxed) else { return }
        listener.leave(id)
    }
}
