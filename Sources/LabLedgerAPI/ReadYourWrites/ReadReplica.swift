import EventStore
import Logging
import PostgresNIO

/// A streaming replica that answers read-model queries (`DATABASE_READ_URL`): its pool, and a
/// probe so that queries go to the primary while it does not answer. Both run as services of the
/// process.
public struct ReadReplica: Sendable {
    public let client: PostgresClient
    public let availability: DatabaseAvailability

    public init(database: DatabaseConfig, maximumConnections: Int, logger: Logger, poolLogger: Logger) {
        client = PostgresClient(configuration: database.clientConfiguration(maximumConnections: maximumConnections), backgroundLogger: poolLogger)
        availability = DatabaseAvailability(
            database: database, logger: logger, name: "read replica", whileDown: "queries are answered by the primary")
        ReadRouting.retries()
    }
}
