import Testing
@testable import LabLedgerDomain

/// Streams of one aggregate kept as stored (encoded) events, so a story replays exactly the way
/// the command handler will: decode the stream, fold, decide, encode and append.
struct InMemoryStreams<D: Decider, C: EventCodec> where C.Event == D.Event {
    private(set) var streams: [StreamName: [EncodedEvent]] = [:]

    func state(_ stream: StreamName) throws -> D.State {
        D.fold(try (streams[stream] ?? []).map(C.decode))
    }

    @discardableResult
    mutating func handle(_ command: D.Command, on stream: StreamName, sourceLocation: SourceLocation = #_sourceLocation) throws -> [D.Event] {
        let events = try accepted(D.self, given: (streams[stream] ?? []).map(C.decode), when: command, sourceLocation: sourceLocation)
        streams[stream, default: []] += try events.map(C.encode)
        return events
    }

    var eventCount: Int { streams.values.reduce(0) { $0 + $1.count } }
}
