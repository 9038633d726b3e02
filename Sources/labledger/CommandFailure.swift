import PostgresNIO

/// postgres-nio hides server messages from `description` (they may hold data); an operator
/// at a terminal needs them, so commands rethrow its errors with the full text.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    static func reporting<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError {
            let message = error.serverInfo?[.message].map { "PostgreSQL: \($0)" } ?? String(reflecting: error)
            throw CommandFailure(description: message)
        }
    }
}
