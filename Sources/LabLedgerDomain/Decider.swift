/// An aggregate as three pure functions. A command handler loads the stream, folds it with
/// `evolve`, asks `decide`, and appends the answer with the stream's version as the expected
/// version; on a version conflict it folds again and decides again, so a rule is always
/// checked against the newest state.
public protocol Decider {
    associatedtype State: Sendable & Equatable
    associatedtype Command: Sendable
    associatedtype Event: Sendable & Equatable

    static var initial: State { get }
    /// In place: an event that adds to a collection in the state (a disbursement, a licence)
    /// then costs O(1), where `state = evolve(state, event)` copied the whole collection per
    /// event (the caller still held the old value) and made folding a long stream quadratic.
    static func evolve(_ state: inout State, _ event: Event)
    static func decide(_ command: Command, _ state: State) throws(DomainError) -> [Event]
}

extension Decider {
    /// The state after `event`, for a caller that keeps the state before it.
    public static func evolve(_ state: State, _ event: Event) -> State {
        var state = state
        evolve(&state, event)
        return state
    }

    public static func fold(_ events: [Event]) -> State {
        fold(events, from: initial)
    }

    public static func fold(_ events: [Event], from state: State) -> State {
        var state = state
        for event in events {
            evolve(&state, event)
        }
        return state
    }

    /// Decides against `state` and returns the new events together with the state they lead
    /// to; tests and in-memory replays use it to run a story command by command.
    public static func run(
        _ command: Command, on state: State
    ) throws(DomainError) -> (events: [Event], state: State) {
        let events = try decide(command, state)
        return (events, fold(events, from: state))
    }
}

/// A decider bound once to the codec of its events, so code that loads, folds and appends a
/// stream names the aggregate alone and cannot pair it with another aggregate's codec.
public protocol Aggregate: Decider {
    associatedtype Codec: EventCodec where Codec.Event == Event
}
