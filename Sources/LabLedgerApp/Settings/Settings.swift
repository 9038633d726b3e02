import LabLedgerAPI
import LabLedgerProjections

/// Every environment variable the `labledger` binary reads, with its default. The options of
/// each command take their defaults from here; deploy/README.md lists the same table, and
/// Tests/LabLedgerAPITests/Deploy checks every deploy file against it.
public enum Settings {
    // The database.
    /// The owner login: it migrates. Without it (and without APP_DATABASE_URL) an embedded cluster runs.
    public static let databaseURL = EnvironmentSetting("DATABASE_URL", secret: true)
    /// The application login (`labledger_app` privileges). Alone, without DATABASE_URL, the
    /// process migrates nothing and expects `labledger migrate` to have run as the owner.
    public static let appDatabaseURL = EnvironmentSetting("APP_DATABASE_URL", secret: true)
    /// A streaming replica (application login) that answers queries; unset, the primary does.
    public static let databaseReadURL = EnvironmentSetting("DATABASE_READ_URL", secret: true)
    public static let databaseConnections = EnvironmentSetting("LABLEDGER_DATABASE_CONNECTIONS", default: "20")
    public static let dataDirectory = EnvironmentSetting("LABLEDGER_DATA_DIR", default: ".labledger")
    public static let postgresBinaries = EnvironmentSetting("LABLEDGER_PG_BIN")
    public static let logLevel = EnvironmentSetting("LOG_LEVEL", default: "info")

    // The HTTP API.
    public static let host = EnvironmentSetting("LABLEDGER_HOST", default: "127.0.0.1")
    public static let port = EnvironmentSetting("LABLEDGER_PORT", default: "8080")
    public static let maxBodyBytes = EnvironmentSetting("LABLEDGER_MAX_BODY_BYTES", default: "262144")
    public static let positionWaitMilliseconds = EnvironmentSetting("LABLEDGER_POSITION_WAIT_MS", default: "5000")
    public static let stateCacheEntries = EnvironmentSetting(
        "LABLEDGER_STATE_CACHE_ENTRIES", default: String(AggregateStateCache.defaultCapacity))
    public static let idleTimeoutSeconds = EnvironmentSetting("LABLEDGER_IDLE_TIMEOUT_SECONDS", default: "15")
    public static let bodyTimeoutSeconds = EnvironmentSetting("LABLEDGER_BODY_TIMEOUT_SECONDS", default: "10")
    /// Default: fitted to the open-file limit, at most 10000.
    public static let maxConnections = EnvironmentSetting("LABLEDGER_MAX_CONNECTIONS")
    /// `serve` runs the projection workers and the log's sequencer unless this is 0 (then
    /// `labledger work` must run somewhere).
    public static let workers = EnvironmentSetting("LABLEDGER_WORKERS", default: "1")
    public static let demo = EnvironmentSetting("LABLEDGER_DEMO", default: "0")
    /// Folded documents each projection keeps in memory (live and rebuild each): the workers'
    /// memory grows with it (docs/projections.md).
    public static let projectionDocumentCache = EnvironmentSetting(
        "LABLEDGER_PROJECTION_DOCUMENT_CACHE", default: String(ProjectionWorkerOptions().documentCacheLimit))
    /// Events per transaction while a projection rebuilds or catches up: larger pages fold more
    /// events per touched stream (faster rebuilds) and hold more in memory (bench/README.md).
    public static let projectionRebuildBatch = EnvironmentSetting(
        "LABLEDGER_PROJECTION_REBUILD_BATCH", default: String(ProjectionWorkerOptions().rebuildBatchSize))
    /// The web console's idle expiry (issue 17).
    public static let consoleIdleMinutes = EnvironmentSetting("LABLEDGER_CONSOLE_IDLE_MINUTES", default: "30")
    /// The web console's absolute session lifetime, counted from sign-in.
    public static let consoleMaxSessionHours = EnvironmentSetting("LABLEDGER_CONSOLE_MAX_SESSION_HOURS", default: "12")
    /// `1`: the web console's cookies are always `Secure`, whatever `X-Forwarded-Proto` says.
    public static let consoleSecureCookies = EnvironmentSetting("LABLEDGER_CONSOLE_SECURE_COOKIES", default: "0")

    // The transparency log.
    public static let logOrigin = EnvironmentSetting("LABLEDGER_LOG_ORIGIN", default: "labledger/log")
    /// Default: <LABLEDGER_DATA_DIR>/log-signing.key.
    public static let logKeyFile = EnvironmentSetting("LABLEDGER_LOG_KEY_FILE")
    /// The log's public key as a signed-note verifier key (`<origin>+<8 hex digits>+<base64>`),
    /// for `serve` without workers: an API that runs no sequencer never reads, needs or creates
    /// the private key. Unset, such an API derives it from LABLEDGER_LOG_KEY_FILE if that file
    /// exists, and otherwise refuses to start. Public, but may be given as a file too.
    public static let logPublicKey = EnvironmentSetting("LABLEDGER_LOG_PUBLIC_KEY", file: true)
    public static let checkpointIntervalMilliseconds = EnvironmentSetting("LABLEDGER_CHECKPOINT_INTERVAL_MS", default: "500")

    // Personal data (docs/domain.md, "Personal data").
    /// The key-encryption key's file. Default: <LABLEDGER_DATA_DIR>/person-kek.key, created on
    /// first start while no person key is stored. Every `serve` and `work` of one database
    /// needs the same key.
    public static let personKEKFile = EnvironmentSetting("LABLEDGER_PERSON_KEK_FILE")
    /// The key-encryption key itself, base64 of 32 bytes; set, it wins over the file. A secret,
    /// never logged; not marked `secret:` because its `_FILE` name is the key file above, which
    /// holds the raw key rather than this base64 text.
    public static let personKEK = EnvironmentSetting("LABLEDGER_PERSON_KEK")

    public static let all: [EnvironmentSetting] = [
        databaseURL, appDatabaseURL, databaseReadURL, databaseConnections, dataDirectory, postgresBinaries, logLevel,
        host, port, maxBodyBytes, positionWaitMilliseconds, stateCacheEntries, idleTimeoutSeconds, bodyTimeoutSeconds,
        maxConnections, workers, demo, projectionDocumentCache, projectionRebuildBatch, consoleIdleMinutes, consoleMaxSessionHours, consoleSecureCookies, logOrigin, logKeyFile, logPublicKey,
        checkpointIntervalMilliseconds, personKEKFile, personKEK,
    ]

    /// Every name a deploy file may set for the binary: each setting, and `<name>_FILE` for secrets.
    public static var names: Set<String> {
        Set(all.map(\.name) + all.compactMap(\.fileVariable))
    }
}
