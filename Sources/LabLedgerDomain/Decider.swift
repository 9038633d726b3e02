/// An aggregate as three pure functions. A command handler loads the stream, folds it with
/// `evolve`, asks `decide`, and appends the answer with the stream's version as the expected
/// version; on a version conflict it folds again and decides again, so a rule is always
/// checked against the newest state.
public protocol Decider {
    associatedtype State: Sendable & Equatable
    associatedtype Command: Sendable
    associatedtype Event: Sendable & Equatable

    static var initial: State { get }
    static func evolve(_ state: State, _ event: Event) -> State
    static func decide(_ command: Command, _ state: State) throws(DomainError) -> [Event]
}

extension Decider {
    public static func fold(_ events: [Event]) -> State {
        fold(events, from: initial)
    }

    public static func fold(_ events: [Event], from state: State) -> State {
        events.reduce(state, evolve)
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
