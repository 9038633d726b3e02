@testable import EventStore
import Foundation
import PostgresNIO
import TestSupport
import Testing

@Suite("The process's shared append listener")
struct AppendListenerTests {
    @Test("every reader of a store waits on one LISTEN connection, and an append rings them all")
    func oneConnectionRingsEveryReader() async throws {
        let database = try await TestDatabase.make("append_listener")
        try await database.withStore { store in
            let readers = (0..<5).map { _ in store.appendListener.join() }
            defer { readers.forEach { $0.leave() } }
            try #require(await listening(store))
            #expect(try await wakeupConnections(database) == 1)
            // Each was rung when LISTEN became active; the rings below are the append's.
            for reader in readers { await drain(reader) }

            try await store.append(to: "rung", expected: .any, [event()])
            for reader in readers { #expect(await reader.waitForAppends(timeout: .seconds(30))) }
            #expect(try await wakeupConnections(database) == 1)
        }
    }

    @Test("a reader that joins a listener already listening is rung at once, so its first wait does not sleep")
    func joiningLateRings() async throws {
        let database = try await TestDatabase.make("append_join")
        try await database.withStore { store in
            let first = store.appendListener.join()
            defer { first.leave() }
            try #require(await listening(store))
            await drain(first)
            let late = store.appendListener.join()
            defer { late.leave() }
            #expect(await late.waitForAppends(timeout: .seconds(30)))
            #expect(await late.waitForAppends(timeout: .milliseconds(100)) == false)
        }
    }

    @Test("a wait with nothing appended ends at its timeout and says it was not rung")
    func quietWaitTimesOut() async throws {
        let database = try await TestDatabase.make("append_quiet")
        try await database.withStore { store in
            let reader = store.appendListener.join()
            defer { reader.leave() }
            try #require(await listening(store))
            #expect(await reader.waitForAppends(timeout: .seconds(30)))  // the ring of joining
            #expect(await reader.waitForAppends(timeout: .milliseconds(50)) == false)
            reader.wake()
            #expect(await reader.waitForAppends(timeout: .seconds(30)))
        }
    }

    @Test("the connection closes when the last reader leaves and opens again for the next")
    func closesWithTheLastReader() async throws {
        let database = try await TestDatabase.make("append_leave")
        try await database.withStore { store in
            let first = store.appendListener.join()
            let second = store.appendListener.join()
            try #require(await listening(store))
            first.leave()
            first.leave()  // leaving twice is harmless
            #expect(store.appendListener.readerCount == 1)
            #expect(try await wakeupConnections(database) == 1)
            second.leave()
            #expect(store.appendListener.readerCount == 0)
            #expect(store.appendListener.isListening == false)
            #expect(try await eventually { try await wakeupConnections(database) == 0 })

            let third = store.appendListener.join()
            defer { third.leave() }
            try #require(await listening(store))
            #expect(await third.waitForAppends(timeout: .seconds(30)))
            try await store.append(to: "again", expected: .any, [event()])
            #expect(await third.waitForAppends(timeout: .seconds(30)))
        }
    }

    @Test("a terminated listener rings its readers, reconnects, and rings them again once listening")
    func survivesTermination() async throws {
        let database = try await TestDatabase.make("append_terminate")
        try await database.withStore { store in
            let reader = store.appendListener.join()
            defer { reader.leave() }
            try #require(await listening(store))
            #expect(await reader.waitForAppends(timeout: .seconds(30)))

            let terminated = try await database.count("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE datname = current_database() AND application_name = 'labledger-wakeups'
                """)
            #expect(terminated == 1)
            // Rung when the connection drops, and again when LISTEN is active on the new one
            // (the two rings may fold into one wait).
            #expect(await reader.waitForAppends(timeout: .seconds(30)))
            #expect(try await eventually { try await wakeupConnections(database) == 1 && store.appendListener.isListening })
            // The ring of listening again may come just after `isListening` says so.
            await drain(reader)
            try await store.append(to: "after", expected: .any, [event()])
            #expect(await reader.waitForAppends(timeout: .seconds(30)))
        }
    }

    @Test("a listening connection that stops answering is given up at its ping's deadline, its readers rung, and LISTEN resumed on a new one")
    func silentConnectionIsReplaced() async throws {
        let database = try await TestDatabase.make("append_silent")
        let listener = AppendListener(
            database: database.provisioned.app.with(applicationName: "silent-under-test"), channel: PostgresEventStore.notificationChannel,
            applicationName: "silent-under-test", pingInterval: .milliseconds(200), pingTimeout: .seconds(2), logger: TestCluster.logger)
        let reader = listener.join()
        defer { reader.leave() }
        #expect(try await eventually { listener.isListening })
        await drain(reader)
        let listening = try await database.backendPIDs(applicationName: "silent-under-test")
        try #require(listening.count == 1)
        let silenced = try StoppedBackend(pid: listening[0])
        defer { silenced.resume() }

        #expect(await reader.waitForAppends(timeout: .seconds(30)))
        #expect(try await eventually {
            try await database.backendPIDs(applicationName: "silent-under-test").contains { $0 != silenced.pid } && listener.isListening
        })
        #expect(listener.silentConnectionsGivenUp == 1)
        await drain(reader)
        // Waited for inside: the store sends its notification after the append returns.
        let rung = try await database.withStore { store in
            try await store.append(to: "after-silence", expected: .any, [event()])
            return await reader.waitForAppends(timeout: .seconds(30))
        }
        #expect(rung)
    }

    /// Takes every ring already given (nothing rings it for 200 ms).
    private func drain(_ reader: AppendWakeups) async {
        while await reader.waitForAppends(timeout: .milliseconds(200)) {}
    }

    /// Waits until the listener's LISTEN is active (false if it never is within 30 s).
    private func listening(_ store: PostgresEventStore) async -> Bool {
        (try? await eventually { store.appendListener.isListening }) ?? false
    }

    private func wakeupConnections(_ database: TestDatabase) async throws -> Int {
        try await database.count(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'labledger-wakeups'")
    }
}
