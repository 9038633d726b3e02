import Logging
import Synchronization

/// Keeps every message logged through its logger, so a test can look for one.
public final class CapturedLog: Sendable {
    public let messages = Mutex<[(Logger.Level, String)]>([])

    public init() {}

    public var logger: Logger {
        Logger(label: "labledger.tests.captured") { _ in Handler(captured: self) }
    }

    /// The messages logged at `level`, in order.
    public func messages(at level: Logger.Level) -> [String] {
        messages.withLock { $0.filter { $0.0 == level }.map(\.1) }
    }

    struct Handler: LogHandler {
        let captured: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            captured.messages.withLock { $0.append((event.level, "\(event.message)")) }
        }
    }
}
