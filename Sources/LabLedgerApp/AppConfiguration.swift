import EventStore
import LabLedgerAPI
import LabLedgerPrivacy
import LabLedgerProjections
import Logging
import NIOCore

/// Everything `buildApplication` needs to know: where the database is and which parts of
/// LabLedger this process runs. `serve` runs the API and the workers, `work` the workers, a
/// short command (`keys`, `verify`, `status` …) neither.
public struct AppConfiguration: Sendable {
    public enum Database: Sendable {
        /// The embedded cluster under this folder: created and started unless it already runs,
        /// provisioned and migrated. Stopped with the process only when this process started it.
        case embedded(dataDirectory: String)
        /// A server named by URL: `owner` migrates, `app` (the `labledger_app` login) serves.
        case server(owner: DatabaseConfig, app: DatabaseConfig)
        /// A database someone else migrated (tests, benchmarks): connect as `app`, migrate nothing.
        case migrated(app: DatabaseConfig)
    }

    /// How the process watches the database so that requests fail fast while it is down.
    public struct DatabaseProbe: Sendable {
        public var interval: Duration = .seconds(1)
        public var timeout: Duration = .seconds(1)
        public init(interval: Duration = .seconds(1), timeout: Duration = .seconds(1)) {
            self.interval = interval
            self.timeout = timeout
        }
    }

    /// The transparency log: where its signing key is and how it names itself.
    public struct Log: Sendable {
        /// The first line of every checkpoint and the key's name.
        public var origin: String
        /// The Ed25519 signing key, created there on first start (0600) by a process that
        /// sequences; never in the database. A process that does not sequence only reads it, to
        /// derive the public key, and only when `publicKey` is nil.
        public var keyFile: String
        /// The public key as a signed-note verifier key (`LABLEDGER_LOG_PUBLIC_KEY`): what an API
        /// without a sequencer serves. Set, such an API never touches `keyFile`.
        public var publicKey: String?
        public var checkpointInterval: Duration = .milliseconds(500)
        /// Runs the sequencer here; false only serves the verifier key (an API beside `labledger
        /// work`), so one sequencer extends the log however many API processes run.
        public var sequences = true

        public init(origin: String, keyFile: String, publicKey: String? = nil, checkpointInterval: Duration = .milliseconds(500)) {
            self.origin = origin
            self.keyFile = keyFile
            self.publicKey = publicKey
            self.checkpointInterval = checkpointInterval
        }
    }

    public var database: Database
    /// Where the key-encryption key of the person vault is (docs/domain.md, "Personal data");
    /// nil stores `person` parts as given (tests and benchmarks of the store alone).
    public var personKEK: KEKSetting?
    /// Runs the sequencer that extends the Merkle log and signs checkpoints, and serves the
    /// log's public key; nil runs no sequencer (the API still serves the stored log).
    public var log: Log?
    /// The HTTP API; nil runs no server.
    public var api: APIOptions?
    /// The projection workers; nil runs none.
    public var workers: ProjectionWorkerOptions?
    /// A streaming replica of the server (`DATABASE_READ_URL`, the application login) that
    /// answers the API's read-model queries (docs/api.md, "Read replica"); nil reads the primary.
    public var readReplica: DatabaseConfig?
    /// nil lets requests wait for the database instead of answering 503 while it is down.
    public var databaseProbe: DatabaseProbe?
    /// Loads the demo story through the API once the server runs, and prints a key per role.
    public var demo = false
    /// Connections of the pool.
    public var maximumConnections = 20
    /// How long a looked-up API key is trusted before it is read again (revocation delay).
    public var keyCacheTTL: Duration = .seconds(2)
    /// Log lines of the pool below this level are dropped (a short command's pool warns of
    /// leases taken before its run loop entered, which only wait).
    public var poolLogLevel: Logger.Level?
    /// Told the listening channel once the server runs (its port, when the port is 0).
    public var onServerRunning: @Sendable (any Channel) async -> Void = { _ in }

    public init(database: Database, api: APIOptions? = nil, workers: ProjectionWorkerOptions? = nil, databaseProbe: DatabaseProbe? = nil) {
        self.database = database
        self.api = api
        self.workers = workers
        self.databaseProbe = databaseProbe
    }

    /// `labledger serve`: the API, the workers unless `workers` is false (then `labledger work`
    /// runs them elsewhere), and 503s while the database is down.
    public static func serve(_ database: Database, api: APIOptions, log: Log, workers: Bool = true, demo: Bool = false) -> AppConfiguration {
        var configuration = AppConfiguration(
            database: database, api: api, workers: workers ? ProjectionWorkerOptions() : nil, databaseProbe: DatabaseProbe())
        var log = log
        log.sequences = workers
        configuration.log = log
        configuration.demo = demo
        return configuration
    }

    /// `labledger work`: the projection workers and the log's sequencer.
    public static func work(_ database: Database, log: Log) -> AppConfiguration {
        var configuration = AppConfiguration(database: database, workers: ProjectionWorkerOptions())
        configuration.log = log
        return configuration
    }

    /// A short command: the store and a small pool, nothing running in the background.
    public static func tool(_ database: Database) -> AppConfiguration {
        var configuration = AppConfiguration(database: database)
        configuration.maximumConnections = 4
        configuration.poolLogLevel = .error
        return configuration
    }
}
