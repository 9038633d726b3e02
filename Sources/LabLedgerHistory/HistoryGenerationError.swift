import LabLedgerDomain

/// Why the generator could not go on. Every case is a bug in the generator, never a property
/// of the seed: the generator only issues commands it believes valid, and the domain checks
/// them. Tests call `HistoryIterator.nextAppend()` to see the case; `next()` traps with it.
public enum HistoryGenerationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The aggregate's decider refused a command the generator built.
    case refused(stream: String, error: DomainError)
    /// A value the generator made (an id, a date, an ORCID) did not parse.
    case invalidValue(ValueError)
    /// The aggregate's codec could not encode an event.
    case encoding(stream: String, reason: String)
    /// An append would hold no events or more than five.
    case appendSize(stream: String, events: Int)
    /// The generator's own bookkeeping disagreed with its states.
    case inconsistent(String)

    public var description: String {
        switch self {
        case .refused(let stream, let error): "\(stream) refused a generated command: \(error)"
        case .invalidValue(let error): "a generated value is invalid: \(error)"
        case .encoding(let stream, let reason): "\(stream): an event did not encode: \(reason)"
        case .appendSize(let stream, let events): "\(stream): an append of \(events) events (1 to 5 allowed)"
        case .inconsistent(let message): "generator bookkeeping: \(message)"
        }
    }

    /// Folds whatever a step threw into this type, so the public API throws one typed error.
    static func wrapping(_ error: any Error) -> HistoryGenerationError {
        switch error {
        case let error as HistoryGenerationError: error
        case let error as ValueError: .invalidValue(error)
        default: .inconsistent(String(describing: error))
        }
    }
}
