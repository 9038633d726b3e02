import Foundation
import HTTPTypes
import Hummingbird
@testable import LabLedgerAPI
import Logging
import NIOCore
import PostgresNIO
import Testing
import TestSupport

/// What the request scope answers when a body cannot be read. Found by the fault suite: while
/// PostgreSQL restarted, the database gate cancelled a request in flight as its small body was
/// being read, and the cancellation was answered 413 "body too large" (an answer, so it won over
/// the gate's 503).
@Suite struct RequestBodyReadTests {
    typealias Context = MiddlewareTestSupport.Context

    /// A body streamed in pieces, as NIO delivers one: a piece is refused once the reading task
    /// is cancelled (what NIO's inbound stream does), or fails outright when told to.
    struct StreamedBody: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        struct Broken: Error {}
        let pieces: [String]
        let failAfter: Int?

        struct AsyncIterator: AsyncIteratorProtocol {
            var pieces: [String]
            let failAfter: Int?
            var given = 0
            mutating func next() async throws -> ByteBuffer? {
                try Task.checkCancellation()
                if let failAfter, given == failAfter { throw Broken() }
                guard !pieces.isEmpty else { return nil }
                given += 1
                return ByteBuffer(string: pieces.removeFirst())
            }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(pieces: pieces, failAfter: failAfter) }
    }

    private func answer(_ body: StreamedBody, limit: Int = 64, cancelled: Bool = false) async throws -> Response {
        // A public path: no key is looked up, so only the body is read.
        let middleware = RequestScopeMiddleware<Context>(keys: MiddlewareTestSupport.unreachableKeys(), maxBodyBytes: limit)
        let request = Request(
            head: HTTPRequest(method: .post, scheme: "http", authority: "localhost", path: "/health"),
            body: RequestBody(asyncSequence: body))
        let context = MiddlewareTestSupport.context()
        let task = Task {
            if cancelled { withUnsafeCurrentTask { $0?.cancel() } }
            return try await middleware.handle(request, context: context) { request, _ in
                var request = request
                let read = try await request.collectBody(upTo: .max)
                return Response(status: .ok, body: .init(byteBuffer: read))
            }
        }
        return try await task.value
    }

    private func code(_ response: Response) async throws -> String? {
        let writer = CollectingWriter()
        try await response.body.write(writer)
        return (try? JSONSerialization.jsonObject(with: writer.bytes) as? [String: Any])?["code"] as? String
    }

    @Test func aBodyWithinTheLimitIsReadWhole() async throws {
        let response = try await answer(StreamedBody(pieces: [#"{"a":"#, #" 1}"#], failAfter: nil))
        #expect(response.status == .ok)
    }

    @Test func aBodyOverTheLimitIs413() async throws {
        let response = try await answer(StreamedBody(pieces: [String(repeating: "x", count: 40), String(repeating: "y", count: 40)], failAfter: nil))
        #expect(response.status == .contentTooLarge)
        #expect(try await code(response) == "body-too-large")
    }

    @Test func aRequestCancelledWhileItsBodyIsReadIsTheDatabaseOutages503NotA413() async throws {
        let response = try await answer(StreamedBody(pieces: [#"{"a": 1}"#], failAfter: nil), cancelled: true)
        #expect(response.status == .serviceUnavailable)
        #expect(try await code(response) == "database-unavailable")
        #expect(response.headers[.retryAfter] == "2")
    }

    @Test func aBodyThatBreaksOffIsAMalformedRequestNotA413() async throws {
        let response = try await answer(StreamedBody(pieces: [#"{"a": "#], failAfter: 1))
        #expect(response.status == .badRequest)
        #expect(try await code(response) == "malformed-request")
    }
}

/// Collects what a response body writes (used by one task only).
final class CollectingWriter: ResponseBodyWriter {
    var bytes = Data()
    func write(_ buffer: ByteBuffer) async throws { bytes.append(contentsOf: buffer.readableBytesView) }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
