import EventStore
import Hummingbird
import LabLedgerAPI
import LabLedgerAudit
import LabLedgerConsole
import LabLedgerDemo
import LabLedgerPrivacy
import LabLedgerProjections
import LabLedgerReadModels
import Logging
import PostgresNIO
import ServiceLifecycle

/// The one place LabLedger is put together: the database (the embedded cluster started or a
/// server migrated), the PostgreSQL client, the store, the projection workers and the HTTP API,
/// as services of one group. `serve`, `work`, the short commands, the tests and the benchmarks
/// all build it here, so what runs in a test is what runs in production.
///
/// The services are listed in the order they start; the group stops them in reverse, so the
/// server stops first, the client after everything that uses it, the embedded cluster last.
public func buildApplication(_ configuration: AppConfiguration, logger: Logger) async throws -> LabLedgerApplication {
    // The KEK is checked before anything is written: a malformed setting before the database
    // is touched, a KEK that is not the database's before the first migration (read-only), and
    // only then is a missing KEK file created and the KEK recorded.
    let kekSetting = configuration.personKEK
    let kekMaterial = try kekSetting?.read()
    let runtime = try await DatabaseRuntime.start(configuration.database, logger: logger) { connection in
        if let kekSetting, let kekMaterial { try await kekSetting.check(kekMaterial, on: connection, logger: logger) }
    }
    var poolLogger = logger
    if let level = configuration.poolLogLevel { poolLogger.logLevel = max(logger.logLevel, level) }
    let client = PostgresClient(
        configuration: runtime.app.clientConfiguration(maximumConnections: configuration.maximumConnections), backgroundLogger: poolLogger)
    var vault: PersonVault?
    if let kekSetting, let kekMaterial {
        do {
            let kek = try await DatabaseSetup.withConnection(runtime.app, logger: logger) {
                try await kekSetting.establish(kekMaterial, on: $0, logger: logger)
            }
            vault = PersonVault(kek: kek, logger: logger)
        } catch {
            await runtime.stop(logger: logger)
            throw error
        }
    }
    let store = PostgresEventStore(client: client, database: runtime.app, protection: vault, logger: logger)
    let keys = APIKeyStore(client: client, logger: logger, cacheTTL: configuration.keyCacheTTL)

    var services: [any Service] = [DatabaseRuntimeService(runtime: runtime, logger: logger), client]
    let availability = configuration.databaseProbe.map {
        DatabaseAvailability(database: runtime.app, interval: $0.interval, timeout: $0.timeout, logger: logger)
    }
    if let availability { services.append(availability) }
    var api = configuration.api
    if let log = configuration.log {
        do {
            if log.sequences {
                let signer = try CheckpointSigner.load(origin: log.origin, keyFile: log.keyFile)
                var options = LogSequencer.Options()
                options.checkpointInterval = log.checkpointInterval
                services.append(LogSequencer(store: store, signer: signer, options: options, logger: logger))
                api?.logVerifierKey = signer.verifierKey
            } else {
                // No sequencer here: only the public key, never the private one made (issue 16).
                let verifierKey = try LogVerifierKeySource.resolve(log)
                try await DatabaseSetup.withConnection(runtime.app, logger: logger) {
                    try await LogKeyCheck.verify(verifierKey, on: $0, logger: logger)
                }
                api?.logVerifierKey = verifierKey
            }
        } catch {
            await runtime.stop(logger: logger)
            throw error
        }
    }
    if let workers = configuration.workers {
        services.append(ProjectionWorker(projectors: ReadModels.all.map(StreamProjector.init), store: store, options: workers, logger: logger))
    }
    var http: LabLedgerApplication.HTTP?
    var shared = api.map(APIShared.init)
    if shared != nil, let database = configuration.readReplica {
        let replica = ReadReplica(database: database, maximumConnections: configuration.maximumConnections, logger: logger, poolLogger: poolLogger)
        services.append(replica.client)
        services.append(replica.availability)
        shared?.readReplica = replica
        logger.info("queries read from the replica at \(database.url()) once it has replayed their position token")
    }
    if let api, let shared {
        services.append(StoreReadiness(store: store, logger: logger, connectionHint: runtime.app.url()))
        // The one listener of the process for projection checkpoints: queries that carry a
        // position token are woken by it.
        services.append(shared.listener(store: store, options: api, logger: logger))
        if configuration.demo { services.append(DemoService(store: store, keys: keys, options: api, logger: logger)) }
        do {
            // The web console on the same router, authorization and handlers (issue 17).
            let console = try Console(store: store, keys: keys, options: api, shared: shared, logger: logger)
            http = try APIServer.application(
                store: store, keys: keys, options: api, shared: shared, availability: availability, services: services, logger: logger,
                mount: { console.mount(on: $0) }, onServerRunning: configuration.onServerRunning)
        } catch {
            await runtime.stop(logger: logger)
            throw error
        }
    }
    return LabLedgerApplication(
        store: store, keys: keys, owner: runtime.owner, availability: availability, shared: shared, services: services, http: http,
        logger: logger)
}

/// A built LabLedger: its store and keys, the background services, and the HTTP server when
/// the configuration asked for one.
public struct LabLedgerApplication: Sendable {
    public typealias HTTP = Application<RouterResponder<BasicRequestContext>>

    public let store: PostgresEventStore
    public let keys: APIKeyStore
    /// The owner login (migrations, operator commands); nil for a database migrated by another.
    public let owner: DatabaseConfig?
    /// What the database probe last found; nil when the configuration asked for no probe.
    public let availability: DatabaseAvailability?
    /// The API's state cache and projection positions (their statistics); nil without an API.
    public let shared: APIShared?
    /// Every service but the HTTP server, in start order (the server carries them too).
    public let services: [any Service]
    /// The API as a Hummingbird application (`runService()`, `test(.router)`); nil without one.
    public let http: HTTP?
    let logger: Logger

    /// Runs until SIGTERM or SIGINT, then shuts down in reverse order.
    public func run() async throws {
        if let http {
            try await http.runService()
            return
        }
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// Runs the services for the length of `body` (a short command, a benchmark), then shuts
    /// them down, the embedded cluster last. The HTTP server is not started. A service that
    /// fails or stops while `body` runs ends `body` too, with the service's error: a command
    /// must not wait for a database or a worker that is gone.
    public func whileRunning<T: Sendable>(_ body: @Sendable (LabLedgerApplication) async throws -> T) async throws -> T {
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, logger: logger))
        // The body runs as a child task beside the services; the task group ends only after
        // every child has, so `body` never outlives this call.
        return try await withoutActuallyEscaping(body) { body in
            await withTaskGroup(of: WhileRunningOutcome<T>.self) { tasks -> Result<T, any Error> in
                tasks.addTask {
                    do {
                        try await group.run()
                        return .servicesEnded(nil)
                    } catch {
                        return .servicesEnded(error)
                    }
                }
                tasks.addTask {
                    do {
                        return .finished(.success(try await body(self)))
                    } catch {
                        return .finished(.failure(error))
                    }
                }
                switch await tasks.next() {
                case .finished(let result):
                    // The services shut down in their order (the database last); a service's
                    // failure while they do so is not the command's.
                    await group.triggerGracefulShutdown()
                    await tasks.waitForAll()
                    return result
                case .servicesEnded(let error):
                    tasks.cancelAll()
                    await tasks.waitForAll()
                    return .failure(error ?? ServicesStoppedEarly())
                case nil:
                    return .failure(ServicesStoppedEarly())
                }
            }
        }.get()
    }
}

private enum WhileRunningOutcome<T: Sendable>: Sendable {
    case finished(Result<T, any Error>)
    case servicesEnded((any Error)?)
}

/// The services ended on their own while a command still needed them.
public struct ServicesStoppedEarly: Error, CustomStringConvertible {
    public var description: String { "The application's services stopped before the command finished." }
}
