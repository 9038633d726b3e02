import HummingbirdCore
import Synchronization

/// How many connections the server holds, and what it does past that.
///
/// Up to `maximum` connections are served. The next `refusalReserve` are accepted only to be
/// refused cleanly: they may still ask for a probe (`/health`, `/ready`, `/metrics`), anything
/// else gets a 503 problem, and one that sends nothing is closed after `refusalGrace`. Past
/// `maximum + refusalReserve` the server stops accepting, so the kernel's backlog holds the rest
/// and the process never runs out of file descriptors (running out made libdispatch abort).
public struct ConnectionLimits: Sendable, Equatable {
    public var maximum: Int
    public var refusalReserve: Int
    public var refusalGrace: Duration

    public init(maximum: Int, refusalReserve: Int = 64, refusalGrace: Duration = .seconds(1)) {
        self.maximum = maximum
        self.refusalReserve = refusalReserve
        self.refusalGrace = refusalGrace
    }

    /// Descriptors kept back from connections: the database pool, the worker's connections,
    /// listening sockets, log files and the runtime's own.
    public static let descriptorReserve = 256

    /// The default for a process allowed `descriptorLimit` open files: at most 10,000
    /// connections, and never so many that connections and refusals together exhaust the limit.
    public static func fitting(descriptorLimit: Int, refusalReserve: Int = 64) -> ConnectionLimits {
        let room = descriptorLimit - descriptorReserve - refusalReserve
        return ConnectionLimits(maximum: max(16, min(10_000, room)), refusalReserve: refusalReserve)
    }
}

/// The number of open connections, shared by the accept side (which counts) and each
/// connection's guard (which asks whether it arrived past the limit).
final class ConnectionCounter: Sendable {
    private let open = Atomic<Int>(0)

    var current: Int { open.load(ordering: .relaxed) }

    /// Counts one more and answers the count including it.
    func opened() -> Int { open.add(1, ordering: .relaxed).newValue }
    func closed() { open.subtract(1, ordering: .relaxed) }
}

/// Hummingbird's accept-side hook: counts connections and stops accepting past the reserve.
struct CountingConnectionsDelegate: AvailableConnectionsDelegate {
    let counter: ConnectionCounter
    let limits: ConnectionLimits

    mutating func connectionOpened() { _ = counter.opened() }
    mutating func connectionClosed() { counter.closed() }
    func isAcceptingNewConnections() -> Bool { counter.current < limits.maximum + limits.refusalReserve }
}
