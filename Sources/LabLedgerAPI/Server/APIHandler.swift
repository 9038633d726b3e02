import EventStore
import LabLedgerAudit
import LabLedgerContract
import Logging
import PostgresNIO

/// The generated server's `APIProtocol`, implemented one file per area in `Handlers/`.
struct APIHandler: APIProtocol {
    let store: PostgresEventStore
    let keys: APIKeyStore
    let commands: CommandExecutor
    let facts: Facts
    let reads: ReadModelQueries
    let health: ServiceHealth
    let availability: DatabaseAvailability?
    let auditLog: AuditLog
    let options: APIOptions
    let logger: Logger

    init(
        store: PostgresEventStore, keys: APIKeyStore, options: APIOptions, shared: APIShared, availability: DatabaseAvailability?,
        logger: Logger
    ) {
        self.store = store
        self.keys = keys
        commands = CommandExecutor(store: store, states: shared.states, logger: logger)
        facts = Facts(loader: commands.loader)
        reads = ReadModelQueries(
            client: store.client, replica: shared.readReplica, logger: logger, maxWait: options.maxPositionWait, positions: shared.positions)
        health = ServiceHealth(store: store, availability: availability, logVerifierKey: options.logVerifierKey, logger: logger)
        self.availability = availability
        auditLog = AuditLog(client: store.client, logger: logger)
        self.options = options
        self.logger = logger
    }
}
