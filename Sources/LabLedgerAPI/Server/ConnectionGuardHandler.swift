import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// One per connection, between HTTP parsing and Hummingbird's request loop. It answers, with a
/// problem+json and by closing the connection, what never reaches a handler:
///
/// - a connection accepted past `ConnectionLimits.maximum`: a probe is served, anything else is
///   a 503, and silence is closed after `refusalGrace`;
/// - a request body that has not arrived within `bodyTimeout` of its head: 408;
/// - bytes that are not HTTP/1.1 (a 100 KB request line, a bad header): 400 or 431, where
///   Hummingbird would answer an empty 400.
///
/// A connection that never completes its head is closed by Hummingbird's idle timeout.
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let counter: ConnectionCounter
    private let limits: ConnectionLimits
    private let bodyTimeout: TimeAmount
    private var policy = ConnectionGuardPolicy()
    private var bodyDeadline: Scheduled<Void>?
    private var graceDeadline: Scheduled<Void>?
    private var lingerDeadline: Scheduled<Void>?
    /// Whether the pipeline above has asked for more bytes since the last ones arrived.
    private var readRequested = false

    init(counter: ConnectionCounter, limits: ConnectionLimits, bodyTimeout: Duration) {
        self.counter = counter
        self.limits = limits
        self.bodyTimeout = TimeAmount(bodyTimeout)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // The accept side counted this connection before its pipeline was built.
        guard counter.current > limits.maximum else { return }
        policy.markExcess()
        graceDeadline = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(limits.refusalGrace)) { [self] in
            if case .refuse = policy.graceExpired() { refuse(context, .overloaded, instance: nil) }
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        bodyDeadline?.cancel()
        graceDeadline?.cancel()
        lingerDeadline?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch part {
        case .head(let head):
            graceDeadline?.cancel()
            let path = head.path.map { String($0.prefix { $0 != "?" }) } ?? ""
            switch policy.headRead(isProbe: PublicPaths.probes.contains(path)) {
            case .refuse:
                refuse(context, .overloaded, instance: path)
                return
            case .close:
                context.close(promise: nil)
                return
            case .drop:
                return
            case .forward:
                scheduleBodyDeadline(context, path: path)
            }
        case .body:
            if case .drop = policy.bodyRead() { return }
        case .end:
            bodyDeadline?.cancel()
            if case .drop = policy.endRead() { return }
        }
        context.fireChannelRead(data)
    }

    /// The body deadline counts only the time the server was asking for bytes: while
    /// Hummingbird is not reading (its buffer is full, the handler is busy), the client is not late.
    private func scheduleBodyDeadline(_ context: ChannelHandlerContext, path: String) {
        bodyDeadline?.cancel()
        bodyDeadline = context.eventLoop.assumeIsolated().scheduleTask(in: bodyTimeout) { [self] in
            guard readRequested else {
                scheduleBodyDeadline(context, path: path)
                return
            }
            if case .refuse = policy.bodyDeadlinePassed() {
                refuse(context, .requestTimeout("The request body did not arrive in time."), instance: path)
            }
        }
    }

    func read(context: ChannelHandlerContext) {
        readRequested = true
        context.read()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        readRequested = false
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head:
            policy.responseStarted()
        case .body:
            break
        case .end:
            policy.responseEnded()
            if policy.excess {
                // A connection past the limit gets its probe answered, then gives its slot back.
                let written = context.eventLoop.makePromise(of: Void.self)
                written.futureResult.cascade(to: promise)
                context.writeAndFlush(data, promise: written)
                written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
                return
            }
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Once refused, what the decoder says of the bytes that still arrive is of no interest,
        // and passed on it would make Hummingbird close at once, defeating the lingering close.
        if policy.refused { return }
        guard let parseError = error as? HTTPParserError, case .refuse = policy.parseFailed() else {
            context.fireErrorCaught(error)
            return
        }
        switch parseError {
        case .headerOverflow:
            refuse(context, .unparseable(
                "The request line and header fields are limited to 80 KiB together (and each field to 80 KiB).",
                status: .init(code: 431)), instance: nil)
        default:
            refuse(context, .unparseable("The request is not valid HTTP/1.1: \(parseError)."), instance: nil)
        }
    }

    /// Answers the problem itself and closes; Hummingbird's loop sees the connection end.
    private func refuse(_ context: ChannelHandlerContext, _ problem: Problem, instance: String?) {
        bodyDeadline?.cancel()
        graceDeadline?.cancel()
        let requestID = freshRequestID()
        var (headers, body) = ProblemResponse.encoded(problem, instance: instance, requestID: requestID)
        headers[.connection] = "close"
        headers[.contentLength] = String(body.readableBytes)
        headers[HTTPField.Name("X-Request-Id")!] = requestID  // a constant, valid field name
        context.write(wrapOutboundOut(.head(HTTPResponse(status: problem.status, headerFields: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        // A lingering close: shut our side, go on reading (and dropping) what the client still
        // sends for a moment, then close. Closing at once while a client is mid-body makes the
        // kernel answer its next bytes with a reset, which can destroy the answer unread.
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { [self] _ in
            context.close(mode: .output, promise: nil)
            lingerDeadline = context.eventLoop.assumeIsolated().scheduleTask(in: Self.linger) { context.close(promise: nil) }
        }
    }

    private static let linger = TimeAmount.seconds(2)
}

/// What the guard does, as a value with no I/O, so each rule is tested without a socket.
struct ConnectionGuardPolicy: Equatable {
    enum Action: Equatable {
        /// Pass the part on to Hummingbird.
        case forward
        /// Answer a problem and close.
        case refuse
        /// Swallow the part: the connection is being refused.
        case drop
        /// Close without an answer: another response is under way and must not be interleaved.
        case close
    }

    private(set) var excess = false
    private(set) var refused = false
    /// Request heads read whose response has not ended.
    private(set) var requestsOpen = 0
    private(set) var readingBody = false
    private(set) var responseBegun = false

    mutating func markExcess() { excess = true }

    mutating func headRead(isProbe: Bool) -> Action {
        if refused { return .drop }
        if excess && !isProbe {
            refused = true
            return requestsOpen == 0 ? .refuse : .close
        }
        requestsOpen += 1
        readingBody = true
        return .forward
    }

    mutating func bodyRead() -> Action { refused ? .drop : .forward }

    mutating func endRead() -> Action {
        if refused { return .drop }
        readingBody = false
        return .forward
    }

    mutating func responseStarted() { responseBegun = true }
    mutating func responseEnded() {
        requestsOpen = max(0, requestsOpen - 1)
        // Responses go out in request order: the next one has not begun.
        responseBegun = false
    }

    /// An excess connection that asked for nothing within the grace period.
    mutating func graceExpired() -> Action {
        guard excess, !refused, requestsOpen == 0 else { return .forward }
        return refuse()
    }

    /// A body still arriving at its deadline is refused with 408 when it belongs to the only
    /// open request and no response has begun; otherwise an answer would be written into another
    /// response, and the idle timeout is left to close the connection.
    mutating func bodyDeadlinePassed() -> Action {
        guard readingBody, !refused, requestsOpen == 1, !responseBegun else { return .forward }
        return refuse()
    }

    /// A parse error is answered here only when no request is open: otherwise Hummingbird's
    /// handler is mid-request and would write over the answer.
    mutating func parseFailed() -> Action {
        guard !refused, requestsOpen == 0 else { return .forward }
        return refuse()
    }

    private mutating func refuse() -> Action {
        refused = true
        return .refuse
    }
}
