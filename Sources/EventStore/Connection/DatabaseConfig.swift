import Foundation
import NIOSSL
import PostgresNIO

/// Where and as whom to connect; parsed from a `postgres://` URL (`DATABASE_URL`).
public struct DatabaseConfig: Sendable, Hashable {
    public enum Endpoint: Sendable, Hashable {
        case tcp(host: String, port: Int)
        case unixSocket(path: String)
    }

    public enum TLSMode: String, Sendable, Hashable {
        case disable, prefer, require
    }

    public var endpoint: Endpoint
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// Shown in `pg_stat_activity`, so an operator can tell LabLedger's connections apart.
    public var applicationName: String

    public init(
        endpoint: Endpoint, username: String, password: String? = nil, database: String,
        tls: TLSMode = .disable, applicationName: String = "labledger"
    ) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.applicationName = applicationName
    }

    /// Accepts `postgres://user:password@host:port/database?sslmode=disable|prefer|require`
    /// and `?host=/path/to/socket/dir` for a Unix socket, as libpq does.
    public init(url: String) throws(DatabaseConfigError) {
        guard let components = URLComponents(string: url),
              let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme)
        else { throw .invalidURL("expected postgres://user:password@host:port/database") }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        guard let user = components.user, !user.isEmpty else {
            throw .invalidURL("the URL names no user")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !database.isEmpty else { throw .invalidURL("the URL names no database") }
        let tls: TLSMode
        switch query["sslmode"] ?? "prefer" {
        case "disable", "allow": tls = .disable
        case "prefer": tls = .prefer
        case "require", "verify-ca", "verify-full": tls = .require
        case let other: throw .invalidURL("sslmode '\(other)' is not one of disable, prefer, require")
        }
        let endpoint: Endpoint
        if let socketDirectory = query["host"], socketDirectory.hasPrefix("/") {
            let port = components.port ?? 5432
            endpoint = .unixSocket(path: "\(socketDirectory)/.s.PGSQL.\(port)")
        } else {
            guard let host = components.host, !host.isEmpty else { throw .invalidURL("the URL names no host") }
            endpoint = .tcp(host: host, port: components.port ?? 5432)
        }
        self.init(
            endpoint: endpoint, username: user.removingPercentEncoding ?? user,
            password: components.password?.removingPercentEncoding, database: database, tls: tls,
            applicationName: query["application_name"] ?? "labledger")
    }

    /// The same server as another user or database.
    public func with(username: String? = nil, password: String?? = nil, database: String? = nil, applicationName: String? = nil) -> DatabaseConfig {
        var copy = self
        if let username { copy.username = username }
        if let password { copy.password = password }
        if let database { copy.database = database }
        if let applicationName { copy.applicationName = applicationName }
        return copy
    }

    /// A URL that connects here (the password is left out unless asked for).
    public func url(includingPassword: Bool = false) -> String {
        var auth = username
        if includingPassword, let password { auth += ":\(password)" }
        switch endpoint {
        case let .tcp(host, port):
            return "postgres://\(auth)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)"
        case let .unixSocket(path):
            let directory = (path as NSString).deletingLastPathComponent
            return "postgres://\(auth)@localhost/\(database)?host=\(directory)"
        }
    }

    public func clientConfiguration(maximumConnections: Int = 20) -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch endpoint {
        case let .tcp(host, port):
            configuration = PostgresClient.Configuration(
                host: host, port: port, username: username, password: password, database: database,
                tls: clientTLS)
        case let .unixSocket(path):
            configuration = PostgresClient.Configuration(
                unixSocketPath: path, username: username, password: password, database: database)
        }
        configuration.options.maximumConnections = maximumConnections
        configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        configuration.options.connectionIdleTimeout = Self.poolIdleTimeout
        configuration.options.keepAliveBehavior = nil
        return configuration
    }

    /// How long a pooled connection may sit unused before the pool closes it (there is no
    /// minimum, so every connection has this timer), and why it has no keep-alive ping.
    ///
    /// postgres-nio's pool starts an idle timer (60 s by default) and a keep-alive timer (30 s)
    /// as `Task.sleep`s each time a connection goes back, and cancels them at the next lease;
    /// Swift's concurrency runtime keeps a cancelled sleep (about 450 bytes with its dispatch
    /// timer) until its deadline. Under load the pool so held memory in proportion to requests
    /// per second times 90 s: a `serve` answering about 7,200 GETs/s grew from 55 to 334 MiB in
    /// 32 seconds (`bench/README.md`, "The connection pool's timers"). With one 10-second timer it
    /// holds a ninth of that and levels off. The ping is left out because it would fire no
    /// sooner than the idle close (no connection idles longer than 10 s), and only doubled
    /// the sleeps held. The cost: after a lull of 10 s the next requests connect again.
    public static let poolIdleTimeout: Duration = .seconds(10)

    private var clientTLS: PostgresClient.Configuration.TLS {
        switch tls {
        case .disable: return .disable
        case .prefer: return .prefer(.makeClientConfiguration())
        case .require: return .require(.makeClientConfiguration())
        }
    }

    public func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch endpoint {
        case let .tcp(host, port):
            let connectionTLS: PostgresConnection.Configuration.TLS
            switch tls {
            case .disable: connectionTLS = .disable
            case .prefer: connectionTLS = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: connectionTLS = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
            configuration = PostgresConnection.Configuration(
                host: host, port: port, username: username, password: password, database: database,
                tls: connectionTLS)
        case let .unixSocket(path):
            configuration = PostgresConnection.Configuration(
                unixSocketPath: path, username: username, password: password, database: database)
        }
        configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        return configuration
    }
}

public enum DatabaseConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidURL(String)

    public var description: String {
        switch self {
        case let .invalidURL(reason): return "DATABASE_URL is not usable: \(reason)"
        }
    }
}
