import EventStore
import PostgresNIO
import Testing

@Suite("DATABASE_URL parsing")
struct DatabaseConfigTests {
    @Test("a TCP URL with password, port and sslmode")
    func tcp() throws {
        let config = try DatabaseConfig(url: "postgres://owner:s%40cret@db.example:6543/ledger?sslmode=require")
        #expect(config.endpoint == .tcp(host: "db.example", port: 6543))
        #expect(config.username == "owner")
        #expect(config.password == "s@cret")
        #expect(config.database == "ledger")
        #expect(config.tls == .require)
        #expect(!config.url().contains("s@cret"))
    }

    @Test("defaults: port 5432, TLS preferred; postgresql:// is accepted")
    func defaults() throws {
        let config = try DatabaseConfig(url: "postgresql://app@localhost/ledger")
        #expect(config.endpoint == .tcp(host: "localhost", port: 5432))
        #expect(config.password == nil)
        #expect(config.tls == .prefer)
    }

    @Test("a Unix socket directory in the host parameter, as libpq takes it")
    func unixSocket() throws {
        let config = try DatabaseConfig(url: "postgres://app@localhost:5433/ledger?host=/var/run/postgresql")
        #expect(config.endpoint == .unixSocket(path: "/var/run/postgresql/.s.PGSQL.5433"))
    }

    @Test("the pool closes connections idle for 10 seconds and runs no keep-alive timer")
    func poolTimers() throws {
        // Each cancelled pool timer is held until its deadline: one short timer per release
        // bounds the memory the pool holds per request per second (`poolIdleTimeout`).
        let options = try DatabaseConfig(url: "postgres://app@localhost/ledger").clientConfiguration(maximumConnections: 7).options
        #expect(options.maximumConnections == 7)
        #expect(options.minimumConnections == 0)
        #expect(options.connectionIdleTimeout == .seconds(10))
        #expect(options.keepAliveBehavior == nil)
    }

    @Test("unusable URLs are refused with the reason", arguments: [
        "mysql://u@h/db", "postgres://h/db", "postgres://u@h", "postgres://u@h/db?sslmode=sometimes", "not a url",
    ])
    func refused(url: String) {
        #expect(throws: DatabaseConfigError.self) { try DatabaseConfig(url: url) }
    }
}
