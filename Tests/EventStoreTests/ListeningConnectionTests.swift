import EventStore
import PostgresNIO
import Synchronization
import TestSupport
import Testing

@Suite struct ListeningConnectionTests {
    struct FirstReadFails: Error {}

    @Test("a connection whose first read fails every time is retried with a growing back-off, not every 50 ms")
    func failingReadsBackOff() async throws {
        let database = try await TestDatabase.make("listen_backoff")
        let loop = ListeningConnection(
            database: database.provisioned.app, channel: "labledger_test_backoff", applicationName: "backoff-under-test",
            role: "test listener", logger: TestCluster.logger)
        let attempts = Mutex(0)
        let start = ContinuousClock.now
        let running = Task {
            await loop.run(
                listening: { _ in
                    attempts.withLock { $0 += 1 }
                    throw FirstReadFails()
                },
                notified: { _ in },
                ended: {})
        }
        defer { running.cancel() }
        #expect(try await eventually { attempts.withLock { $0 } >= 5 })
        let elapsed = ContinuousClock.now - start
        // Four waits between five attempts: at least 50 + 100 + 200 + 400 ms. A loop that
        // started over at 50 ms after each failed read waits 200 ms in all.
        #expect(elapsed >= .milliseconds(750))
    }
}
