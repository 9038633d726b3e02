/// The API's tunables; `labledger serve` sets them from options and environment variables.
public struct APIOptions: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Request bodies larger than this are refused with 413.
    public var maxBodyBytes = 262_144
    /// How long a query waits for `LabLedger-Position` before answering 503.
    public var maxPositionWait = Duration.seconds(5)
    /// How often, while queries wait for a position, the checkpoints are also read from the
    /// table in case a notice was lost (they wake on the projection's NOTIFY, not on this).
    public var positionRecheckInterval = Duration.seconds(1)
    /// Streams whose folded state commands keep in memory (least recently used dropped first);
    /// 0 folds every stream from its first event on every command.
    public var stateCacheEntries = AggregateStateCache.defaultCapacity
    /// A connection that sends no part of a request for this long is closed, including one that
    /// never finishes its request head (a slow-header attack holds a descriptor no longer).
    public var idleTimeout = Duration.seconds(15)
    /// A request body must have arrived this long after its head, or the answer is 408. Kept
    /// below `idleTimeout`, so a body that stops altogether is answered 408 before the idle
    /// timeout closes the connection without a word.
    public var bodyTimeout = Duration.seconds(10)
    /// Connections served at once and how the excess is refused; nil fits them to the process's
    /// open-file limit (`ConnectionLimits.fitting`).
    public var connectionLimits: ConnectionLimits?
    /// The transparency log's public key (signed-note verifier key) served at
    /// `/v1/audit/public-key`; nil when the process was not given the log's key.
    public var logVerifierKey: String?
    /// How long a web console session lives without a request (`LABLEDGER_CONSOLE_IDLE_MINUTES`).
    public var consoleIdleTimeout = Duration.seconds(30 * 60)
    /// How long a web console session lives after sign-in however busy it is
    /// (`LABLEDGER_CONSOLE_MAX_SESSION_HOURS`).
    public var consoleMaxSessionAge = Duration.seconds(12 * 3600)
    /// Always mark the console's cookies `Secure` (`LABLEDGER_CONSOLE_SECURE_COOKIES=1`); otherwise
    /// only when `X-Forwarded-Proto: https` says the browser reached the proxy over TLS.
    public var consoleSecureCookies = false

    /// The limits in force: the ones set, or those fitted to the open-file limit now.
    public var effectiveConnectionLimits: ConnectionLimits {
        connectionLimits ?? .fitting(descriptorLimit: DescriptorLimit.current)
    }

    public init() {}
}
