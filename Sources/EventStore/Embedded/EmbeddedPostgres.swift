import Foundation
import Logging

/// A private PostgreSQL cluster in a folder of ours, for a first run without setup and for
/// tests: `initdb` once, then `pg_ctl start` on a free loopback port, `stop` at shutdown.
/// PostgreSQL refuses to run as root, so as root every program runs as the `postgres` user.
public struct EmbeddedPostgres: Sendable {
    public let dataDirectory: URL
    public let binaries: PostgresBinaries
    /// Skips fsync: for throw-away test clusters only, never for a cluster that keeps data.
    public let durable: Bool
    /// PostgreSQL's `max_connections`; a test run with many databases side by side needs more.
    public let maxConnections: Int
    let logger: Logger

    /// The cluster's bootstrap superuser; local connections are trusted, nothing listens beyond 127.0.0.1.
    public static let superuser = "labledger_super"

    /// The port to listen on when this call starts the cluster; nil picks a free one.
    public let port: Int?

    public init(
        dataDirectory: URL, binaries: PostgresBinaries, durable: Bool = true, maxConnections: Int = 200, port: Int? = nil,
        logger: Logger
    ) {
        self.port = port
        self.maxConnections = maxConnections
        self.dataDirectory = dataDirectory
        self.binaries = binaries
        self.durable = durable
        self.logger = logger
    }

    private var isRoot: Bool { getuid() == 0 }
    /// Inside the data folder, which is the only folder the launcher hands to the postgres user.
    private var logFile: URL { dataDirectory.appendingPathComponent("labledger-server.log") }

    /// How to reach the cluster as superuser, and whether this call started it (and so
    /// should stop it): a cluster already running from this folder is reused, not restarted.
    public struct Started: Sendable {
        public var superuser: DatabaseConfig
        public var startedHere: Bool
    }

    /// Starts the cluster, creating it first if needed.
    public func start() async throws -> Started {
        try await prepareDirectory()
        if !FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path) {
            logger.info("creating PostgreSQL cluster in \(dataDirectory.path)")
            var arguments = ["-D", dataDirectory.path, "-U", Self.superuser, "-A", "trust", "-E", "UTF8", "--no-locale"]
            if !durable { arguments.append("--no-sync") }
            try await runChecked(binaries.path("initdb"), arguments)
        }
        // A postmaster that was killed leaves its pid file, and its orphaned backends hold the
        // shared memory until they notice and exit: for a moment the cluster looks running but
        // refuses connections, or refuses to start. Both pass by themselves, so wait them out.
        let deadline = ContinuousClock.now + .seconds(60)
        var lastFailure: (any Error)?
        while true {
            if let port = try await runningPort() {
                if try await acceptsConnections(port: port) {
                    logger.info("PostgreSQL already running from \(dataDirectory.path) on port \(port)")
                    return Started(superuser: config(port: port), startedHere: false)
                }
            } else {
                let staleLock = FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("postmaster.pid").path)
                do {
                    return try await startServer(waitingAtMost: deadline - ContinuousClock.now)
                } catch let error as EmbeddedPostgresError where staleLock && ContinuousClock.now < deadline {
                    logger.warning("PostgreSQL did not start beside a dead postmaster's lock file yet; retrying: \(error)")
                    lastFailure = error
                }
            }
            guard ContinuousClock.now < deadline else {
                throw lastFailure ?? EmbeddedPostgresError.notReachable(path: dataDirectory.path)
            }
            try await Task.sleep(for: .milliseconds(500))
        }
    }

    private func startServer(waitingAtMost limit: Duration) async throws -> Started {
        let port = try self.port ?? FreePort.find()
        // No Unix socket: pg_ctl passes these options through /bin/sh, so no path goes in them,
        // and a socket path under a deep working folder could exceed the 107-byte limit anyway.
        var serverOptions = "-p \(port) -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=\(maxConnections)"
        if !durable { serverOptions += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off" }
        try await runChecked(binaries.path("pg_ctl"), [
            // pg_ctl waits no longer than the caller's deadline (at least 5 s, which a start needs).
            "-D", dataDirectory.path, "-l", logFile.path, "-o", serverOptions, "-w", "-t", String(max(5, limit.components.seconds)), "start",
        ])
        logger.info("PostgreSQL started from \(dataDirectory.path) on 127.0.0.1:\(port)")
        return Started(superuser: config(port: port), startedHere: true)
    }

    /// `pg_isready`: 0 is accepting; 1 (starting or stopping) and 2 (no answer) are not yet.
    private func acceptsConnections(port: Int) async throws -> Bool {
        // Without pg_isready (a custom LABLEDGER_PG_BIN), a running postmaster is taken at its word.
        guard FileManager.default.isExecutableFile(atPath: binaries.path("pg_isready")) else { return true }
        let ready = try await run(binaries.path("pg_isready"), ["-h", "127.0.0.1", "-p", String(port), "-t", "2"], asPostgres: false)
        return ready.status == 0
    }

    public func stop() async throws {
        guard try await runningPort() != nil else { return }
        try await runChecked(binaries.path("pg_ctl"), ["-D", dataDirectory.path, "-m", "fast", "-w", "stop"])
    }

    /// Stops without waiting, for process exit paths that cannot await.
    public func stopImmediately() {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: isRoot ? "/usr/sbin/runuser" : binaries.path("pg_ctl"))
        let arguments = ["-D", dataDirectory.path, "-m", "immediate", "stop"]
        process.arguments = isRoot ? ["-u", "postgres", "--", binaries.path("pg_ctl")] + arguments : arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
        process.waitUntilExit()
    }

    private func config(port: Int) -> DatabaseConfig {
        DatabaseConfig(endpoint: .tcp(host: "127.0.0.1", port: port), username: Self.superuser, database: "postgres", tls: .disable)
    }

    /// The port in `postmaster.pid` when that postmaster answers `pg_ctl status`.
    private func runningPort() async throws -> Int? {
        let pidFile = dataDirectory.appendingPathComponent("postmaster.pid")
        guard let contents = try? String(contentsOf: pidFile, encoding: .utf8) else { return nil }
        let status = try await run(binaries.path("pg_ctl"), ["-D", dataDirectory.path, "status"])
        guard status.status == 0 else { return nil }
        let lines = contents.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.count > 3 ? Int(lines[3]) : nil
    }

    /// Creates the data folder; as root, hands that folder alone to the postgres user (never the
    /// folder the user named around it, which may be anything, $HOME included).
    private func prepareDirectory() async throws {
        let fileManager = FileManager.default
        let existed = fileManager.fileExists(atPath: dataDirectory.path)
        try fileManager.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        guard isRoot else { return }
        let id = try await ProcessRunner.run("/usr/bin/id", ["-u", "postgres"])
        guard id.status == 0 else { throw EmbeddedPostgresError.noPostgresUser }
        if !existed {
            try await runChecked("/bin/chown", ["postgres:postgres", dataDirectory.path], asPostgres: false)
            try await runChecked("/bin/chmod", ["700", dataDirectory.path], asPostgres: false)
        }
        let reachable = try await run("/usr/bin/test", ["-w", dataDirectory.path])
        guard reachable.status == 0 else { throw EmbeddedPostgresError.notAccessible(path: dataDirectory.path) }
    }

    private func run(_ program: String, _ arguments: [String], asPostgres: Bool = true) async throws -> ProcessRunner.Output {
        if isRoot && asPostgres {
            return try await ProcessRunner.run("/usr/sbin/runuser", ["-u", "postgres", "--", program] + arguments)
        }
        return try await ProcessRunner.run(program, arguments)
    }

    private func runChecked(_ program: String, _ arguments: [String], asPostgres: Bool = true) async throws {
        let output = try await run(program, arguments, asPostgres: asPostgres)
        guard output.status == 0 else {
            throw EmbeddedPostgresError.commandFailed(
                command: ([program] + arguments).joined(separator: " "), status: output.status, output: output.text)
        }
    }
}

public enum FreePort {
    /// Binds port 0 on loopback and reads the port the kernel chose. Another process could
    /// take it before PostgreSQL binds it; pg_ctl then fails loudly rather than silently.
    public static func find() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw EmbeddedPostgresError.commandFailed(command: "socket()", status: errno, output: "") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw EmbeddedPostgresError.commandFailed(command: "bind()", status: errno, output: "") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw EmbeddedPostgresError.commandFailed(command: "getsockname()", status: errno, output: "") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
