import Foundation
import Logging
import PostgresNIO

/// The append-only event store on PostgreSQL. It knows streams, versions and positions,
/// nothing of the domain. The `PostgresClient` it is given must be running (`client.run()`,
/// usually as the first service of a `ServiceGroup`, so that it stops last).
public final class PostgresEventStore: Sendable {
    public let client: PostgresClient
    /// Used to open the dedicated connections of subscriptions, workers and the append listener.
    public let database: DatabaseConfig
    public let limits: EventStoreLimits
    let logger: Logger
    let wakeUps: WakeUpNotifier
    /// The process's one LISTEN for appends, shared by every reader that waits for them.
    public let appendListener: AppendListener
    let heads = StreamHeads()
    /// Seals parts of payloads at append and opens them at read; nil stores payloads as given.
    public let protection: (any PayloadProtection)?

    /// The LISTEN/NOTIFY channel appends ring. Notifications carry no payload that matters:
    /// a subscriber always re-reads from its checkpoint.
    public static let notificationChannel = "labledger_events"

    public init(
        client: PostgresClient, database: DatabaseConfig, limits: EventStoreLimits = EventStoreLimits(),
        protection: (any PayloadProtection)? = nil, logger: Logger
    ) {
        self.client = client
        self.protection = protection
        self.database = database
        self.limits = limits
        self.logger = logger
        self.wakeUps = WakeUpNotifier(client: client, channel: Self.notificationChannel, logger: logger)
        self.appendListener = AppendListener(database: database, channel: Self.notificationChannel, logger: logger)
    }
}
