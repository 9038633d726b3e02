import EventStore
import Logging

/// What the requests of one API process share besides the database: the folded states of
/// recently used streams (commands) and where the projections stand (queries with a position
/// token). Made once per process by `buildApplication`; its listener runs as a service.
public struct APIShared: Sendable {
    public let states: AggregateStateCache
    public let positions: ProjectionPositions
    /// A streaming replica that answers queries (`DATABASE_READ_URL`); nil reads the primary.
    /// Its client and probe must run as services of the process, as the primary's do.
    public var readReplica: ReadReplica?

    public init(options: APIOptions) {
        states = AggregateStateCache(capacity: options.stateCacheEntries)
        positions = ProjectionPositions()
    }

    /// The service that keeps `positions` current: one LISTEN connection for the process.
    public func listener(store: PostgresEventStore, options: APIOptions, logger: Logger) -> CheckpointListener {
        CheckpointListener(positions: positions, store: store, recheckInterval: options.positionRecheckInterval, logger: logger)
    }
}
