import Foundation
import Hummingbird
import ServiceLifecycle
import LabLedgerAPI
import LabLedgerApp
import NIOCore
import Testing
import TestSupport

/// A real server on a loopback port, as `labledger serve` runs it, attacked with raw bytes.
@Suite(.serialized) struct ConnectionHardeningTests {
    /// Short timeouts and a tiny connection limit, so each attack is cheap to stage.
    static func options(idleTimeout: Duration = .seconds(1)) -> APIOptions {
        var options = APIOptions()
        options.port = 0
        options.idleTimeout = idleTimeout
        options.bodyTimeout = .seconds(1)
        options.connectionLimits = ConnectionLimits(maximum: 4, refusalReserve: 8, refusalGrace: .seconds(30))
        return options
    }

    /// Runs the application as `serve` does (not through HummingbirdTesting's live mode, whose
    /// configuration copy drops the connection-limit delegate) on a free loopback port.
    static func withLiveServer(
        options: APIOptions = options(), _ body: @Sendable (Int, String) async throws -> Void
    ) async throws {
        let database = try await TestDatabase.make("hardening")
        let (ports, announce) = AsyncStream.makeStream(of: Int.self)
        var configuration = AppConfiguration(database: .migrated(app: database.provisioned.app), api: options)
        configuration.maximumConnections = 6
        configuration.onServerRunning = { channel in announce.yield(channel.localAddress?.port ?? 0) }
        let app = try await buildApplication(configuration, logger: TestCluster.logger)
        guard let http = app.http else { throw APITestError("the application was built without its API") }
        let services = ServiceGroup(configuration: .init(services: [http], logger: TestCluster.logger))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // A server that fails to bind ends the wait for its port instead of hanging it.
                defer { announce.finish() }
                try await services.run()
            }
            var announced = ports.makeAsyncIterator()
            guard let port = await announced.next(), port > 0 else { throw APITestError("the server did not start") }
            do {
                let admin = try await app.keys.create(role: .admin, party: nil, label: "test").key.text
                try await body(port, admin)
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
            await services.triggerGracefulShutdown()
        }
    }

    @Test func aRequestLineOf100KilobytesGetsAProblemNotABare400() async throws {
        try await Self.withLiveServer { port, _ in
            let path = "/v1/labs/" + String(repeating: "a", count: 100_000)
            let response = try await RawHTTP.exchange(port: port, ["GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n"])
            #expect(RawHTTP.status(of: response) == 431)
            #expect(RawHTTP.header("Content-Type", of: response) == "application/problem+json")
            #expect(RawHTTP.body(of: response).contains(#""code":"request-too-large""#))
        }
    }

    @Test func garbageInsteadOfHTTPGetsAMalformedRequestProblem() async throws {
        try await Self.withLiveServer { port, _ in
            let response = try await RawHTTP.exchange(port: port, ["GET / HTTP/1.1\r\nBad Header Name: x\r\n\r\n"])
            #expect(RawHTTP.status(of: response) == 400)
            #expect(RawHTTP.body(of: response).contains(#""code":"malformed-request""#))
        }
    }

    @Test func aConnectionThatNeverFinishesItsHeadIsClosed() async throws {
        try await Self.withLiveServer { port, _ in
            // Sends half a head and waits: the server must hang up (idle timeout), not wait forever.
            let response = try await RawHTTP.exchange(port: port, ["GET /health HTTP/1.1\r\nHost: x\r\n"])
            #expect(response == "")
        }
    }

    @Test func aBodyThatStallsGets408() async throws {
        // The body deadline (1 s) below the idle timeout, as `serve` insists.
        try await Self.withLiveServer(options: Self.options(idleTimeout: .seconds(30))) { port, admin in
            let head = "POST /v1/parties HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(admin)\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
            let response = try await RawHTTP.exchange(port: port, [head, #"{"party":"#])
            #expect(RawHTTP.status(of: response) == 408)
            #expect(RawHTTP.body(of: response).contains(#""code":"request-timeout""#))
        }
    }

    @Test func pastTheConnectionLimitRequestsAreRefusedCleanlyAndProbesStillAnswer() async throws {
        // An idle timeout far longer than the test, so the flood holds its slots throughout.
        try await Self.withLiveServer(options: Self.options(idleTimeout: .seconds(60))) { port, admin in
            // Four slow-header connections hold every slot the limit allows.
            var flood: [any Channel] = []
            for _ in 0..<4 {
                let channel = try await RawHTTP.open(port: port)
                try await channel.writeAndFlush(ByteBuffer(string: "GET /v1/events HTTP/1.1\r\n"))
                flood.append(channel)
            }
            defer { for channel in flood { channel.close(promise: nil) } }
            let refused = try await RawHTTP.exchange(
                port: port, ["GET /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(admin)\r\n\r\n"])
            #expect(RawHTTP.status(of: refused) == 503)
            #expect(RawHTTP.header("Retry-After", of: refused) == "1")
            #expect(RawHTTP.body(of: refused).contains(#""code":"server-overloaded""#))
            let health = try await RawHTTP.exchange(port: port, ["GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"])
            #expect(RawHTTP.status(of: health) == 200)
        }
    }

    @Test func requestsAreServedAgainOnceTheFloodIsGone() async throws {
        try await Self.withLiveServer { port, admin in
            var flood: [any Channel] = []
            for _ in 0..<4 { flood.append(try await RawHTTP.open(port: port)) }
            for channel in flood { try await channel.close() }
            // Closing is seen by the server a moment later; ask until it is (bounded).
            var status = 0
            for _ in 0..<100 where status != 200 {
                let response = try await RawHTTP.exchange(
                    port: port, ["GET /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(admin)\r\nConnection: close\r\n\r\n"])
                status = RawHTTP.status(of: response)
                if status != 200 { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(status == 200)
        }
    }
}
