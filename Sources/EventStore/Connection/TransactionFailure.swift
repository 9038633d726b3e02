import PostgresNIO

extension PostgresTransactionError {
    /// What actually failed: the transaction's body first (a typed store conflict, a refused
    /// payload), then BEGIN, then COMMIT. postgres-nio wraps all of them, and callers — retry
    /// logic, the API's failure mapping, the CLI's report — must see the error itself.
    public var underlying: any Error {
        closureError ?? beginError ?? commitError ?? self
    }
}

/// Runs `body` and rethrows a `PostgresTransactionError` as the error it wraps.
public func unwrappingTransactionError<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let failure as PostgresTransactionError {
        throw failure.underlying
    }
}
