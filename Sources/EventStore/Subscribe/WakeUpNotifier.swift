import Logging
import PostgresNIO
import Synchronization

/// Sends `pg_notify` after appends, outside the appending transaction and coalesced.
///
/// A transaction that calls NOTIFY takes a database-wide lock at commit and holds it through
/// the commit's WAL flush, so notifying inside every append would serialise all appends on
/// fsync (bench/notify-lock.sh measures it). Instead each append rings this bell after its
/// commit; while one notification is in flight, further rings fold into one more.
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

    init(client: PostgresClient, channel: String, logger: Logger) {
        self.client = client
        self.channel = channel
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
        Task { await self.sendUntilQuiet() }
    }

    private func sendUntilQuiet() async {
        while true {
            do {
                try await client.query("SELECT pg_notify(\(channel), '')", logger: logger)
            } catch {
                // Subscribers also poll, so a lost wake-up costs latency, not events.
                logger.debug("pg_notify failed: \(error)")
            }
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
