import EventStore
import LabLedgerAPI
import Synchronization
import Testing
import TestSupport

/// `DatabaseAvailability.whileUp`, the gate every request passes, against a database that is
/// never there (a free port): what runs while it is believed up, and what happens to a call in
/// flight when the probes declare it down.
@Suite struct DatabaseGateTests {
    struct Refused: Error {}

    /// Probes a port nothing listens on, often, so that `run()` declares the database down soon.
    static func unreachable() throws -> DatabaseAvailability {
        DatabaseAvailability(
            database: DatabaseConfig(endpoint: .tcp(host: "127.0.0.1", port: try FreePort.find()), username: "nobody", database: "nothing"),
            interval: .milliseconds(50), timeout: .milliseconds(500), logger: TestCluster.logger)
    }

    @Test func whileUpAnswersTheBodysValueAndRethrowsItsError() async throws {
        let availability = try Self.unreachable()
        #expect(try await availability.whileUp { 5 } == 5)
        await #expect(throws: Refused.self) { try await availability.whileUp { () throws -> Int in throw Refused() } }
    }

    @Test func aCallInFlightIsReleasedWhenTheDatabaseIsDeclaredDown() async throws {
        let availability = try Self.unreachable()
        let (started, running) = AsyncStream<Void>.makeStream()
        let call = Task {
            try await availability.whileUp { () async throws -> Int in
                running.yield()
                // Stands for a wait on a pooled connection: it ends only when cancelled.
                try await Task.sleep(for: .seconds(3_600))
                return 1
            }
        }
        for await _ in started { break }
        let probes = Task { try await availability.run() }
        defer { probes.cancel() }
        #expect(try await call.value == nil)
        #expect(!availability.isUp)
        // While it is down, nothing runs.
        let ran = Atomic<Bool>(false)
        #expect(try await availability.whileUp { ran.store(true, ordering: .relaxed); return 2 } == nil)
        let bodyRan = ran.load(ordering: .relaxed)
        #expect(!bodyRan)
    }

    @Test func anAnswerReachedDespiteTheOutageWins() async throws {
        let availability = try Self.unreachable()
        let (started, running) = AsyncStream<Void>.makeStream()
        let call = Task {
            try await availability.whileUp { () async -> Int in
                running.yield()
                // Stands for a command whose commit is under way: it finishes whatever happens,
                // and its answer must not become a 503.
                while availability.isUp { try? await Task.sleep(for: .milliseconds(5)) }
                return Task.isCancelled ? 7 : 0
            }
        }
        for await _ in started { break }
        let probes = Task { try await availability.run() }
        defer { probes.cancel() }
        // 7: the body was cancelled by the outage, and its answer still came through.
        #expect(try await call.value == 7)
    }

    @Test func cancellingTheCallerCancelsTheBody() async throws {
        let availability = try Self.unreachable()
        let (started, running) = AsyncStream<Void>.makeStream()
        let call = Task {
            try await availability.whileUp { () async throws -> Int in
                running.yield()
                try await Task.sleep(for: .seconds(3_600))
                return 1
            }
        }
        for await _ in started { break }
        call.cancel()
        await #expect(throws: CancellationError.self) { try await call.value }
        #expect(availability.isUp)
    }
}
