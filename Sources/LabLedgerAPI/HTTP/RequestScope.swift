import Crypto
import Foundation
import Synchronization
import HTTPTypes
import EventStore
import Logging

/// What the middleware learned of the request, for the handlers below it: who calls, the
/// request id, the command preconditions and the read-your-writes token. A task local, because
/// the generated server hands handlers only the operation's declared input.
public struct RequestScope: Sendable {
    public var requestID: String
    public var principal: Principal?
    /// `If-Match` as a stream version.
    public var expectedVersion: Int?
    public var idempotency: IdempotencyRequest?
    /// `LabLedger-Position`: the checkpoint a query must wait for.
    public var waitFor: Checkpoint?
    /// Set by a command that answered from its idempotency record, so the middleware can add
    /// `Idempotent-Replayed: true` (the generated responses have no such header).
    let replay = ReplayFlag()
    /// What the contract check found wrong with the body (`RequestValidationMiddleware`). Kept
    /// rather than thrown at once, so the handler's own field checks (check digits, slugs) add
    /// theirs and one 400 names every bad field; `Fields` and `runCommand` refuse with them, and
    /// a body the generated decoder cannot read is answered with them too.
    let schemaProblems = SchemaProblems()

    /// False only for the value outside any request.
    var servesRequest = true

    @TaskLocal public static var current = RequestScope(requestID: "-", servesRequest: false)

    public func requirePrincipal() throws -> Principal {
        guard let principal else { throw Problem.unauthenticated }
        return principal
    }
}

final class ReplayFlag: Sendable {
    private let flag = Mutex(false)
    func mark() { flag.withLock { $0 = true } }
    var isSet: Bool { flag.withLock { $0 } }
}

final class SchemaProblems: Sendable {
    private let problems = Mutex<[FieldProblem]>([])
    func record(_ found: [FieldProblem]) { problems.withLock { $0.append(contentsOf: found) } }
    var all: [FieldProblem] { problems.withLock { $0 } }
}

/// An `Idempotency-Key` and the fingerprint of the request it came with.
public struct IdempotencyRequest: Sendable, Equatable {
    public var key: String
    public var fingerprint: Data

    public init(key: String, method: HTTPRequest.Method, path: String, body: some DataProtocol) {
        self.key = key
        var hash = SHA256()
        hash.update(data: Data("\(method.rawValue) \(path)\n".utf8))
        hash.update(data: Data(body))
        fingerprint = Data(hash.finalize())
    }
}

extension Logger.MetadataProvider {
    /// `request_id` and `actor` of the request being served, for every line logged while
    /// serving it (docs/api.md, "Logs"); nothing outside a request. Read only when a line is
    /// written, so a request that logs nothing pays nothing for them.
    public static let requestScope = Logger.MetadataProvider {
        let scope = RequestScope.current
        guard scope.servesRequest else { return [:] }
        var metadata: Logger.Metadata = ["request_id": .string(scope.requestID)]
        if let principal = scope.principal { metadata["actor"] = .string(principal.actor) }
        return metadata
    }
}
