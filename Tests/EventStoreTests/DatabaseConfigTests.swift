import EventStore
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

    @Test("unusable URLs are refused with the reason", arguments: [
        "mysql://u@h/db", "postgres://h/db", "postgres://u@h", "postgres://u@h/db?sslmode=sometimes", "not a url",
    ])
    func refused(url: String) {
        #expect(throws: DatabaseConfigError.self) { try DatabaseConfig(url: url) }
    }
}
