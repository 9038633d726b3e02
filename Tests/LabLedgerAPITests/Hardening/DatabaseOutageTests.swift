import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import LabLedgerAPI
import LabLedgerApp
import Logging
import PostgresNIO
import ServiceLifecycle
import Testing
import TestSupport

/// A database that goes away under a running API: requests, `/ready` and `/metrics` answer at
/// once instead of waiting for it, and everything works again when it is back. The shared test
/// cluster cannot be stopped, so this suite runs a cluster of its own on a fixed port.
@Suite(.serialized) struct DatabaseOutageTests {
    @Test func whileTheDatabaseIsDownRequestsGet503AndProbesAnswerAtOnce() async throws {
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("labledger-outage-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        let cluster = EmbeddedPostgres(
            dataDirectory: root.appendingPathComponent("pgdata"), binaries: try PostgresBinaries.locate(), durable: false,
            port: try FreePort.find(), logger: TestCluster.logger)
        let started = try await cluster.start()
        try await withCleanup {
            let provisioned = try await DatabaseSetup.provision(
                superuser: started.superuser, database: "outage", migrations: TestCluster.migrations, logger: TestCluster.logger)
            var configuration = AppConfiguration(
                database: .migrated(app: provisioned.app), api: APIOptions(),
                databaseProbe: .init(interval: .milliseconds(100), timeout: .milliseconds(500)))
            configuration.maximumConnections = 4
            let app = try await buildApplication(configuration, logger: TestCluster.logger)
            guard let http = app.http, let availability = app.availability else { throw APITestError("built without API or probe") }
            try await http.test(.router) { client in
                let admin = try await app.keys.create(role: .admin, party: nil, label: "test").key.text
                func get(_ path: String) async throws -> (HTTPResponse.Status, HTTPFields, String) {
                    try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer \(admin)"]) {
                        ($0.status, $0.headers, String(buffer: $0.body))
                    }
                }
                #expect(try await get("/v1/events").0 == .ok)

                try await cluster.stop()
                for _ in 0..<300 where availability.isUp { try await Task.sleep(for: .milliseconds(100)) }
                #expect(!availability.isUp)

                let (status, headers, body) = try await get("/v1/events")
                #expect(status == .serviceUnavailable)
                #expect(headers[.retryAfter] != nil)
                #expect(headers[.contentType] == "application/problem+json")
                #expect(body.contains(#""code":"database-unavailable""#))
                let ready = try await get("/ready")
                #expect(ready.0 == .serviceUnavailable)
                #expect(ready.2.contains(#""name":"database","ok":false"#))
                let metrics = try await get("/metrics")
                #expect(metrics.0 == .ok)
                #expect(metrics.2.contains("labledger_database_up_bool 0"))
                #expect(try await get("/health").0 == .ok)

                // Back on the same port: the API recovers by itself.
                _ = try await cluster.start()
                var recovered: HTTPResponse.Status = .serviceUnavailable
                for _ in 0..<300 where recovered != .ok {
                    recovered = try await get("/v1/events").0
                    if recovered != .ok { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(recovered == .ok)
                #expect(try await get("/ready").0 == .ok)
                #expect(try await get("/metrics").2.contains("labledger_database_up_bool 1"))
            }
        } cleanup: {
            await cluster.stopAtOnce()
        }
    }
}
