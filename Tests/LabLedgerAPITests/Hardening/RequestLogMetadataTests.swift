import Foundation
import HTTPTypes
import Hummingbird
@testable import LabLedgerAPI
import LabLedgerDomain
import Logging
import NIOCore
import PostgresNIO
import Synchronization
import Testing
import TestSupport

/// Every line logged while a request is served carries its `request_id` and `actor`
/// (docs/api.md, "Logs"), through the loggers' metadata provider rather than metadata set on
/// each request's logger.
@Suite struct RequestLogMetadataTests {
    typealias Context = MiddlewareTestSupport.Context

    @Test func outsideARequestTheProviderAddsNothing() {
        #expect(Logger.MetadataProvider.requestScope.get().isEmpty)
    }

    @Test func withinARequestTheProviderAddsItsIDAndActor() throws {
        var scope = RequestScope(requestID: "r-42")
        scope.principal = Principal(keyID: "k1", role: .company, party: try PartyID(parsing: "tencent"))
        let metadata = RequestScope.$current.withValue(scope) { Logger.MetadataProvider.requestScope.get() }
        #expect(metadata["request_id"] == .string("r-42"))
        #expect(metadata["actor"] == .string(scope.principal?.actor ?? ""))
        #expect(metadata.count == 2)
    }

    @Test func aRequestWithoutAKeyHasAnIDAndNoActor() {
        let metadata = RequestScope.$current.withValue(RequestScope(requestID: "-")) { Logger.MetadataProvider.requestScope.get() }
        #expect(metadata == ["request_id": .string("-")])
    }

    @Test func whatTheHandlerLogsCarriesTheRequestsID() async throws {
        // A public path: no key is looked up.
        let middleware = RequestScopeMiddleware<Context>(keys: MiddlewareTestSupport.unreachableKeys(), maxBodyBytes: 64)
        var head = HTTPRequest(method: .get, scheme: "http", authority: "localhost", path: "/health")
        head.headerFields[.requestID] = "given-id-7"
        let seen = Mutex<Logger.Metadata?>(nil)
        let response = try await middleware.handle(Request(head: head, body: RequestBody(buffer: ByteBuffer())), context: MiddlewareTestSupport.context()) { _, _ in
            seen.withLock { $0 = Logger.MetadataProvider.requestScope.get() }
            return Response(status: .ok)
        }
        #expect(response.headers[.requestID] == "given-id-7")
        #expect(seen.withLock { $0 } == ["request_id": .string("given-id-7")])
    }
}
