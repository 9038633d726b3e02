import Synchronization

/// Waits for a task's result until a deadline, and no longer, even when the task does not
/// answer cancellation (a query on a half-closed connection may not).
enum Deadline {
    struct Passed: Error, CustomStringConvertible {
        var after: Duration
        var description: String { "no answer within \(after)" }
    }

    static func first<T: Sendable>(of task: Task<T, any Error>, within limit: Duration) async -> Result<T, any Error> {
        let answer = FirstAnswer<T>()
        return await withCheckedContinuation { continuation in
            answer.wait(with: continuation)
            Task {
                do { answer.give(.success(try await task.value)) } catch { answer.give(.failure(error)) }
            }
            Task {
                try? await Task.sleep(for: limit)
                task.cancel()
                answer.give(.failure(Passed(after: limit)))
            }
        }
    }

    /// Resumes its continuation with the first answer given; later ones are dropped.
    private final class FirstAnswer<T: Sendable>: Sendable {
        private let continuation = Mutex<CheckedContinuation<Result<T, any Error>, Never>?>(nil)

        func wait(with continuation: CheckedContinuation<Result<T, any Error>, Never>) {
            self.continuation.withLock { $0 = continuation }
        }

        func give(_ result: Result<T, any Error>) {
            let waiting = continuation.withLock { current in
                defer { current = nil }
                return current
            }
            waiting?.resume(returning: result)
        }
    }
}
