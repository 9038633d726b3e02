import LabLedgerDomain

/// Who runs a command and under which preconditions: what the caller's request said.
struct CommandContext: Sendable {
    var principal: Principal
    var requestID: String
    /// The stream version the caller expects (`If-Match`); nil decides against whatever is there.
    var expectedVersion: Int?
    var idempotency: IdempotencyRequest?
}

/// Why a command wrote nothing. What `prepare` throws reaches the caller as it was thrown.
enum CommandRejection: Error, Equatable {
    /// The command needs an existing stream and there is none.
    case streamNotFound(what: String)
    /// The decider, or a fact it needs, refused.
    case refusedByRule(DomainError)
    /// `expected` was the caller's precondition; the stream is at `actual`.
    case versionMismatch(expected: Int, actual: Int, what: String)
    /// The stream was at `expected` when read but another request wrote it before this append.
    case writtenSince(expected: Int, what: String)
    /// The stream kept moving for every attempt.
    case concurrentWrites(what: String)
    /// The idempotency key came first with another request.
    case idempotencyKeyReused
    /// The database refused a value of the event.
    case unstorableValue(String)
    case eventTooLarge(bytes: Int, limit: Int)
}

/// An error `prepare` may throw, saying whether a failed `If-Match` precondition outranks it.
/// A request that is malformed, unauthorised or names what the key may not see is answered
/// as such whatever its precondition; a refusal on the merits of a state the caller has not
/// seen yields to the precondition (RFC 9110 §13.2.1).
protocol CommandPreparationError: Error {
    var yieldsToPrecondition: Bool { get }
}

extension CommandRejection: CommandPreparationError {
    var yieldsToPrecondition: Bool {
        switch self {
        case .streamNotFound: false
        default: true
        }
    }
}
