import PostgresNIO
import Synchronization

/// Thrown when an operation outlived its deadline.
public struct DeadlineExceeded: Error, CustomStringConvertible {
    public let what: String
    public var description: String { "\(what) did not answer in time" }
}

/// Whichever of the operation and its timer finishes first answers; the other is ignored.
private final class FirstAnswer: Sendable {
    private let answered = Atomic<Bool>(false)

    func claim() -> Bool {
        !answered.exchange(true, ordering: .acquiringAndReleasing)
    }
}

/// Runs `body` in its own task and returns its result, or throws `DeadlineExceeded` once
/// `timeout` passes, after `onTimeout` (which closes the connection `body` waits on). Unlike a
/// task group, it does not wait for `body` to finish: postgres-nio can leave a query waiting
/// forever on a connection the server closed, and such a task is left behind rather than
/// holding the worker.
public func withDeadline<T: Sendable>(
    _ timeout: Duration, _ what: String, onTimeout: @escaping @Sendable () async -> Void,
    _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    let first = FirstAnswer()
    var timer: Task<Void, Never>?
    defer { timer?.cancel() }
    return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        Task {
            do {
                let value = try await body()
                if first.claim() { continuation.resume(returning: value) }
            } catch {
                if first.claim() { continuation.resume(throwing: error) }
            }
        }
        timer = Task {
            guard (try? await Task.sleep(for: timeout)) != nil, first.claim() else { return }
            await onTimeout()
            continuation.resume(throwing: DeadlineExceeded(what: what))
        }
    }
}

/// Runs `body` in its own task for as long as `connection` stays open. Once the connection has
/// been closed for `grace` while `body` still waits, the caller gets `ConnectionLost` and moves
/// on (reconnects); `body` is left behind, since a query on a connection the server closed may
/// never answer in postgres-nio. Cancelling the caller cancels `body`.
public func whileOpen<T: Sendable>(
    _ connection: PostgresConnection, grace: Duration = .seconds(2), _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    let first = FirstAnswer()
    let tasks = Mutex<[Task<Void, Never>]>([])
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let work = Task {
                do {
                    let value = try await body()
                    if first.claim() { continuation.resume(returning: value) }
                } catch {
                    if first.claim() { continuation.resume(throwing: error) }
                }
            }
            let watch = Task {
                var closedSince: ContinuousClock.Instant?
                while !Task.isCancelled, (try? await Task.sleep(for: .milliseconds(250))) != nil {
                    guard connection.isClosed else { closedSince = nil; continue }
                    let since = closedSince ?? .now
                    closedSince = since
                    if ContinuousClock.now - since >= grace {
                        if first.claim() { continuation.resume(throwing: ConnectionLost()) }
                        return
                    }
                }
            }
            tasks.withLock { $0 = [work, watch] }
        }
    } onCancel: {
        tasks.withLock { $0.forEach { $0.cancel() } }
    }
}

/// The connection a projection held closed under a query that never answered.
public struct ConnectionLost: Error, CustomStringConvertible {
    public var description: String { "the connection closed and a query on it never answered" }
}
