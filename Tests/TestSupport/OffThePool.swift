import Dispatch
import EventStore

/// Runs blocking work (a child process's wait) on a dispatch thread and awaits it.
///
/// Swift's cooperative pool has one thread per core, two on the CI machine. A test that waits
/// for a child process on one of them holds it for as long as the child runs; two such waits
/// stop every other test, and the time limits too, whose timers need the same threads. A CI
/// run once hung that way for 13 minutes with no time limit firing. Dispatch's global queue is
/// not the cooperative pool, so the wait costs a thread there and nothing else.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}

extension EmbeddedPostgres {
    /// `pg_ctl stop -m immediate`, awaited off the cooperative pool: a frozen postmaster makes
    /// pg_ctl wait up to its own 60 s limit.
    public func stopAtOnce() async {
        _ = try? await offThePool { self.stopImmediately() }
    }
}

/// Runs `body`, then `cleanup` whether it returned or threw: `defer` cannot await.
public func withCleanup<T>(_ body: () async throws -> T, cleanup: () async -> Void) async throws -> T {
    let result: T
    do {
        result = try await body()
    } catch {
        await cleanup()
        throw error
    }
    await cleanup()
    return result
}
