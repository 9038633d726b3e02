import Logging
import PostgresNIO
import Synchronization

/// Sends `pg_notify` after appends, outside the appending transaction and coalesced.
///
/// A transaction that calls NOTIFY takes a database-wide lock at commit and holds it through
/// the commit's WAL flush, so notifying inside every append would serialise all appends on
/// fsync (`bench/run.sh` measures it with `labledger-bench --notify-lock`; bench/README.md has
/// the figures). Instead each append rings this bell after its commit; while one notification
/// is in flight, further rings fold into one more.
/// The notifying transaction commits asynchronously: NOTIFY gives it a transaction id, so
/// a synchronous commit would wait for its own WAL flush, and a wake-up needs no durability.
final class WakeUpNotifier: Sendable {
    private enum State {
        case idle
        case sending
        case sendingWithAnotherPending
    }

    private let state = Mutex(State.idle)
    private let client: PostgresClient
    private let channel: String
    private let logger: Logger
    /// After a notification, further rings wait this long and fold into one: a busy store
    /// sends at most a few hundred wake-ups a second, each subscriber reads a fuller page, and a
    /// reader's delay grows by at most this much.
    private let minimumInterval: Duration

    init(client: PostgresClient, channel: String, minimumInterval: Duration = .milliseconds(3), logger: Logger) {
        self.client = client
        self.channel = channel
        self.minimumInterval = minimumInterval
        self.logger = logger
    }

    func ring() {
        let shouldStart = state.withLock { state -> Bool in
            switch state {
            case .idle:
                state = .sending
                return true
            case .sending, .sendingWithAnotherPending:
                state = .sendingWithAnotherPending
                return false
            }
        }
        guard shouldStart else { return }
        // Detached: the sending loop serves rings of later appends too, so it must not carry the
        // task-local values (the request's id and actor in log lines) of the one that started it.
        Task.detached { await self.sendUntilQuiet() }
    }

    private func sendUntilQuiet() async {
        while true {
            do {
                for try await _ in try await client.execute(NotifyStatement(channel: channel, payload: ""), logger: logger) {}
            } catch {
                // Subscribers also poll, so a lost wake-up costs latency, not events.
                logger.debug("pg_notify failed: \(error)")
            }
            try? await Task.sleep(for: minimumInterval)
            let again = state.withLock { state -> Bool in
                switch state {
                case .sendingWithAnotherPending:
                    state = .sending
                    return true
                case .sending, .idle:
                    state = .idle
                    return false
                }
            }
            if !again { return }
        }
    }
}

/// A NOTIFY, prepared once per connection: the store's wake-ups after appends and the projection
/// runners' checkpoint announcements are each sent hundreds of times a second under commands,
/// and as unnamed statements they were parsed and planned each time. It commits asynchronously:
/// NOTIFY gives its transaction an id, and a notification needs no durability.
public struct NotifyStatement: PostgresPreparedStatement {
    public static let name = "labledger_notify_v1"
    public static let sql = "SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, $2)"
    public typealias Row = Void

    public var channel: String
    public var payload: String

    public init(channel: String, payload: String) {
        self.channel = channel
        self.payload = payload
    }

    public func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(channel)
        bindings.append(payload)
        return bindings
    }

    public func decodeRow(_ row: PostgresRow) throws {}
}
