import NIOCore
import PostgresNIO
// The pool's error type lives here; postgres-nio throws it from `withConnection` unwrapped.
import _ConnectionPoolModule

/// Tells a lost or refused database connection (the server restarting, stopping or out of
/// reach) from every other failure, so that it answers 503 with `Retry-After`, not 500.
enum DatabaseFailure {
    /// Whether a request failed because of the database's absence (503), not a bug (500).
    static func isUnavailable(_ error: any Error) -> Bool {
        isConnectionFailure(error) || isCancelledWait(error)
    }

    static func isConnectionFailure(_ error: any Error) -> Bool {
        switch error {
        case let transaction as PostgresTransactionError:
            return [transaction.beginError, transaction.closureError, transaction.commitError, transaction.rollbackError]
                .contains { $0.map(isConnectionFailure) ?? false }
        case let psql as PSQLError:
            switch psql.code {
            case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown, .poolClosed:
                return true
            case .server:
                // Class 08 is a connection exception; 57P01–57P03 are the server shutting down,
                // crashing or not yet accepting connections; 53300 is out of connection slots.
                let state = psql.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("08") || ["57P01", "57P02", "57P03", "53300"].contains(state)
            default:
                return psql.underlying.map(isSocketFailure) ?? false
            }
        case let pool as ConnectionPoolError:
            // The pool gave up creating connections (the server is away) or is shutting down.
            return pool == .connectionCreationCircuitBreakerTripped || pool == .poolShutdown
        default:
            // A socket error on its own is not the database's: it may be the HTTP client's
            // connection, and a bug must not pass for an outage.
            return false
        }
    }

    /// A request cancelled while it waited on the database. The gate cancels a request when the
    /// database is declared down, and the layers below turn errors into answers before the gate
    /// sees them, so this must answer 503 too, not 500.
    static func isCancelledWait(_ error: any Error) -> Bool {
        guard Task.isCancelled else { return false }
        if error is CancellationError { return true }
        if let pool = error as? ConnectionPoolError { return pool == .requestCancelled }
        if let psql = error as? PSQLError { return psql.code == .queryCancelled }
        return false
    }

    /// A socket-level failure, as postgres-nio reports it under its own error.
    static func isSocketFailure(_ error: any Error) -> Bool {
        switch error {
        case is NIOConnectionError, is ChannelError:
            return true
        case let io as IOError:
            return [ECONNREFUSED, ECONNRESET, EPIPE, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH].contains(io.errnoCode)
        default:
            return false
        }
    }
}
