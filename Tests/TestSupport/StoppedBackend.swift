import Foundation

/// A PostgreSQL backend stopped with SIGSTOP: it keeps its socket open and answers nothing, a
/// network partition as its client sees it. It is let go by `resume()`, and after 30 s whatever
/// happens, so a test whose expectation hangs does not leave it stopped.
public final class StoppedBackend: Sendable {
    public let pid: Int

    public init(pid: Int) throws {
        guard kill(pid_t(pid), SIGSTOP) == 0 else { throw StopFailed(pid: pid) }
        self.pid = pid
        Task.detached {
            try? await Task.sleep(for: .seconds(30))
            kill(pid_t(pid), SIGCONT)
        }
    }

    public func resume() { kill(pid_t(pid), SIGCONT) }

    deinit { resume() }

    struct StopFailed: Error, CustomStringConvertible {
        let pid: Int
        var description: String { "could not stop backend \(pid) with SIGSTOP" }
    }
}
