import EventStore
import LabLedgerProjections
import Logging
import PostgresNIO
import ServiceLifecycle

/// The process's one listener for projection checkpoints (`CheckpointNotice`): LISTENs on a
/// connection of its own and feeds every notice to `ProjectionPositions`, which wakes the
/// queries waiting for it. Lost notices cannot leave a query waiting past its bound, and are
/// made good sooner by reading the `projections` table:
/// - each time LISTEN is (re)established, after LISTEN is active, so no move falls between the
///   read and the first notice (moves while the connection was down sent notices nobody heard);
/// - every `recheckInterval` while queries wait (a slow safety net; notices on a live connection
///   are not lost in practice);
/// - and, while it is not connected, each waiting query reads the table itself (`isLive`).
public struct CheckpointListener: Service {
    let positions: ProjectionPositions
    let store: PostgresEventStore
    let recheckInterval: Duration
    let logger: Logger
    /// The LISTEN's own connection: reconnects, and gives up a connection that stops answering
    /// its ping, which would otherwise leave `positions` live and every token's wait on the
    /// once-a-second re-check.
    let connection: ListeningConnection

    public init(
        positions: ProjectionPositions, store: PostgresEventStore, recheckInterval: Duration = .seconds(1),
        pingInterval: Duration = .seconds(30), pingTimeout: Duration = .seconds(10), logger: Logger
    ) {
        self.positions = positions
        self.store = store
        self.recheckInterval = recheckInterval
        self.logger = logger
        connection = ListeningConnection(
            database: store.database, channel: CheckpointNotice.channel, applicationName: "labledger-checkpoints",
            role: "checkpoint listener", pingInterval: pingInterval, pingTimeout: pingTimeout, logger: logger)
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.listen() }
                group.addTask { await self.recheckWhileWaited() }
                await group.waitForAll()
            }
        }
        positions.setLive(false)
    }

    private func listen() async {
        await connection.run(
            // LISTEN is active from here: every later move arrives as a notice.
            listening: { connection in
                positions.deliver(try await Self.read(on: connection, logger: logger), from: .recheck)
                positions.setLive(true)
            },
            notified: { payload in
                if let notice = CheckpointNotice(payload: payload) {
                    positions.deliver([notice], from: .notification)
                } else {
                    logger.warning("ignored a notice on \(CheckpointNotice.channel) of another form: \(payload)")
                }
            },
            ended: { positions.setLive(false) })
    }

    private func recheckWhileWaited() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: recheckInterval)
            guard positions.hasWaiters else { continue }
            do {
                positions.deliver(try await Self.read(on: store.client, logger: logger), from: .recheck)
            } catch {
                logger.debug("checkpoint re-check failed: \(PostgresEventStore.describe(error))")
            }
        }
    }

    /// Every projection's live checkpoint as the table holds it.
    static func read(on connection: PostgresConnection, logger: Logger) async throws -> [CheckpointNotice] {
        try await decode(connection.query(query, logger: logger))
    }

    static func read(on client: PostgresClient, logger: Logger) async throws -> [CheckpointNotice] {
        try await decode(client.query(query, logger: logger))
    }

    private static let query: PostgresQuery = "SELECT name, checkpoint_transaction::text, checkpoint_position FROM projections"

    private static func decode(_ rows: PostgresRowSequence) async throws -> [CheckpointNotice] {
        var notices: [CheckpointNotice] = []
        for try await (name, transaction, position) in rows.decode((String, String, Int64).self) {
            guard let transaction = UInt64(transaction) else { continue }
            notices.append(CheckpointNotice(projection: name, checkpoint: Checkpoint(transactionID: transaction, position: position)))
        }
        return notices
    }

}
