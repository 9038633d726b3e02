import ArgumentParser
import Foundation
import LabLedgerAPI
import LabLedgerApp

/// The HTTP side of `serve`; every option also from an environment variable.
struct APIServerOptions: ParsableArguments {
    @Option(name: .customLong("host"), help: "Address to listen on (env LABLEDGER_HOST).")
    var host: String = Settings.host.valueOrDefault

    @Option(name: .customLong("port"), help: "Port to listen on (env LABLEDGER_PORT).")
    var port: Int = Settings.port.integerOrDefault ?? -1

    @Option(name: .customLong("max-body-bytes"), help: "Largest request body accepted; larger ones get 413 (env LABLEDGER_MAX_BODY_BYTES).")
    var maxBodyBytes: Int = Settings.maxBodyBytes.integerOrDefault ?? -1

    @Option(name: .customLong("position-wait-ms"), help: "How long a query waits for LabLedger-Position before answering 503 (env LABLEDGER_POSITION_WAIT_MS).")
    var positionWaitMilliseconds: Int = Settings.positionWaitMilliseconds.integerOrDefault ?? -1

    @Option(name: .customLong("state-cache-entries"), help: "Streams whose folded state commands keep in memory, least recently used dropped first; 0 turns the cache off (env LABLEDGER_STATE_CACHE_ENTRIES).")
    var stateCacheEntries: Int = Settings.stateCacheEntries.integerOrDefault ?? -1

    @Option(name: .customLong("idle-timeout-seconds"), help: "Close a connection that sends nothing, or never finishes its request head, for this long (env LABLEDGER_IDLE_TIMEOUT_SECONDS).")
    var idleTimeoutSeconds: Int = Settings.idleTimeoutSeconds.integerOrDefault ?? -1

    @Option(name: .customLong("body-timeout-seconds"), help: "Answer 408 when a request body has not arrived this long after its head; below the idle timeout (env LABLEDGER_BODY_TIMEOUT_SECONDS).")
    var bodyTimeoutSeconds: Int = Settings.bodyTimeoutSeconds.integerOrDefault ?? -1

    @Option(name: .customLong("max-connections"), help: "Connections served at once; the next 64 get 503 (probes still answer), the rest wait in the backlog. Default: fitted to the open-file limit, at most 10000 (env LABLEDGER_MAX_CONNECTIONS).")
    var maxConnections: Int? = Settings.maxConnections.integerOrDefault

    @Option(name: .customLong("console-idle-minutes"), help: "Sign a web console session out after this many minutes without a request (env LABLEDGER_CONSOLE_IDLE_MINUTES).")
    var consoleIdleMinutes: Int = Settings.consoleIdleMinutes.integerOrDefault ?? -1

    @Option(name: .customLong("console-max-session-hours"), help: "Sign a web console session out this many hours after sign-in, however busy (env LABLEDGER_CONSOLE_MAX_SESSION_HOURS).")
    var consoleMaxSessionHours: Int = Settings.consoleMaxSessionHours.integerOrDefault ?? -1

    @Flag(name: .customLong("console-secure-cookies"), help: "Always mark the web console's cookies Secure, for a deployment served over HTTPS only (env LABLEDGER_CONSOLE_SECURE_COOKIES=1).")
    var consoleSecureCookies: Bool = Settings.consoleSecureCookies.valueOrDefault == "1"

    var apiOptions: APIOptions {
        var options = APIOptions()
        options.host = host
        options.port = port
        options.maxBodyBytes = maxBodyBytes
        options.maxPositionWait = .milliseconds(positionWaitMilliseconds)
        options.stateCacheEntries = stateCacheEntries
        options.idleTimeout = .seconds(idleTimeoutSeconds)
        options.bodyTimeout = .seconds(bodyTimeoutSeconds)
        options.consoleIdleTimeout = .seconds(consoleIdleMinutes * 60)
        options.consoleMaxSessionAge = .seconds(consoleMaxSessionHours * 3600)
        options.consoleSecureCookies = consoleSecureCookies
        let fitted = ConnectionLimits.fitting(descriptorLimit: DescriptorLimit.current)
        if let maxConnections {
            // Never past what the open-file limit allows, whatever was asked.
            options.connectionLimits = ConnectionLimits(maximum: min(maxConnections, fitted.maximum))
        }
        return options
    }

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0...65535.") }
        guard maxBodyBytes >= 1_024 else { throw ValidationError("--max-body-bytes must be at least 1024.") }
        guard (0...60_000).contains(positionWaitMilliseconds) else { throw ValidationError("--position-wait-ms must be 0...60000.") }
        guard (0...10_000_000).contains(stateCacheEntries) else { throw ValidationError("--state-cache-entries must be 0...10000000.") }
        guard (1...3_600).contains(idleTimeoutSeconds) else { throw ValidationError("--idle-timeout-seconds must be 1...3600.") }
        guard (1...3_600).contains(bodyTimeoutSeconds) else { throw ValidationError("--body-timeout-seconds must be 1...3600.") }
        guard bodyTimeoutSeconds < idleTimeoutSeconds else {
            throw ValidationError("--body-timeout-seconds must be below --idle-timeout-seconds, or a stalled body is closed without its 408.")
        }
        guard (1...1_440).contains(consoleIdleMinutes) else { throw ValidationError("--console-idle-minutes must be 1...1440.") }
        guard (1...720).contains(consoleMaxSessionHours) else { throw ValidationError("--console-max-session-hours must be 1...720.") }
        if let maxConnections, maxConnections < 1 { throw ValidationError("--max-connections must be at least 1.") }
    }
}
