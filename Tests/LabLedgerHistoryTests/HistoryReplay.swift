import Foundation
import LabLedgerDomain
import LabLedgerHistory

/// A generated history as a store would hold it: every append in order, each stream's events,
/// and the generator's iterator after the last append, to compare its states with a replay.
struct GeneratedHistory {
    var appends: [GeneratedAppend] = []
    var streams: [StreamName: [EncodedEvent]] = [:]
    var iterator: HistoryIterator

    init(seed: UInt64, events: Int) throws {
        iterator = HistoryGenerator(seed: seed, events: events).makeIterator()
        while let append = try iterator.nextAppend() {
            appends.append(append)
            streams[append.stream, default: []] += append.events
        }
    }

    var eventCount: Int { appends.reduce(0) { $0 + $1.events.count } }

    var eventTypes: Set<String> { Set(appends.flatMap { $0.events.map(\.type) }) }
}

/// Every event type each aggregate's codec knows.
let codecEventTypes: [String: [String]] = [
    "party": PartyEventCodec.eventTypes,
    "lab": LabEventCodec.eventTypes,
    "agreement": AgreementEventCodec.eventTypes,
    "commitment": FundingEventCodec.eventTypes,
    "placement": PlacementEventCodec.eventTypes,
    "output": OutputEventCodec.eventTypes,
    "ipasset": IPAssetEventCodec.eventTypes,
    "round": RoundEventCodec.eventTypes,
]

/// Decodes a stream's events with its aggregate's codec, checks each re-encodes to the same
/// bytes, and folds them through the decider's `evolve` — the replay an auditor would run.
func replay(_ stream: StreamName, _ events: [EncodedEvent]) throws -> HistoryStreamState {
    switch stream.category {
    case .party: .party(PartyDecider.fold(try decoded(events, PartyEventCodec.self)))
    case .lab: .lab(LabDecider.fold(try decoded(events, LabEventCodec.self)))
    case .agreement: .agreement(AgreementDecider.fold(try decoded(events, AgreementEventCodec.self)))
    case .commitment: .commitment(FundingDecider.fold(try decoded(events, FundingEventCodec.self)))
    case .placement: .placement(PlacementDecider.fold(try decoded(events, PlacementEventCodec.self)))
    case .output: .output(OutputDecider.fold(try decoded(events, OutputEventCodec.self)))
    case .ipAsset: .ipAsset(IPAssetDecider.fold(try decoded(events, IPAssetEventCodec.self)))
    case .round: .round(RoundDecider.fold(try decoded(events, RoundEventCodec.self)))
    default: throw ReplayError.unknownCategory(stream.rawValue)
    }
}

enum ReplayError: Error {
    case unknownCategory(String)
    case notCanonical(type: String)
}

private func decoded<C: EventCodec>(_ events: [EncodedEvent], _ codec: C.Type) throws -> [C.Event] {
    try events.map { encoded in
        let event = try C.decode(encoded)
        guard try C.encode(event) == encoded else { throw ReplayError.notCanonical(type: encoded.type) }
        return event
    }
}
