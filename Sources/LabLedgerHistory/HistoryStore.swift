import Foundation
import LabLedgerDomain

/// Every stream of one aggregate: its name, its version (events appended so far) and its state
/// folded so far. Commands run through the aggregate's `Decider.run` against that state, and the
/// new events evolve it — the stream is never folded again from the start.
struct HistoryStore<D: Decider, C: EventCodec>: Sendable where C.Event == D.Event {
    let category: StreamCategory
    private(set) var names: [StreamName] = []
    private(set) var versions: [Int] = []
    private(set) var states: [D.State] = []
    private var handles: [String: Int] = [:]

    init(category: StreamCategory) { self.category = category }

    var count: Int { names.count }

    /// A new, empty stream; its handle indexes the generator's bookkeeping for it too.
    mutating func create(id: String) throws -> Int {
        guard handles[id] == nil else {
            throw HistoryGenerationError.inconsistent("stream \(category)-\(id) created twice")
        }
        let handle = names.count
        names.append(try StreamName(category: category, id: id))
        versions.append(0)
        states.append(D.initial)
        handles[id] = handle
        return handle
    }

    func handle(of id: String) -> Int? { handles[id] }

    subscript(handle: Int) -> D.State { states[handle] }

    /// Decides `commands` in order, each against the state the previous ones left, and returns
    /// them as one append of the stream. Appends carry one to five events, like a command
    /// handler's: more would be a generator bug.
    mutating func append(_ handle: Int, _ commands: [D.Command], at occurredAt: Date) throws -> GeneratedAppend {
        let name = names[handle]
        var state = states[handle]
        var events: [D.Event] = []
        for command in commands {
            do {
                let result = try D.run(command, on: state)
                events += result.events
                state = result.state
            } catch {
                throw HistoryGenerationError.refused(stream: name.rawValue, error: error)
            }
        }
        guard (1...5).contains(events.count) else {
            throw HistoryGenerationError.appendSize(stream: name.rawValue, events: events.count)
        }
        let encoded: [EncodedEvent]
        do {
            encoded = try events.map(C.encode)
        } catch {
            throw HistoryGenerationError.encoding(stream: name.rawValue, reason: String(describing: error))
        }
        let append = GeneratedAppend(stream: name, expectedVersion: versions[handle], events: encoded, occurredAt: occurredAt)
        states[handle] = state
        versions[handle] += encoded.count
        return append
    }
}

typealias PartyStore = HistoryStore<PartyDecider, PartyEventCodec>
typealias LabStore = HistoryStore<LabDecider, LabEventCodec>
typealias AgreementStore = HistoryStore<AgreementDecider, AgreementEventCodec>
typealias CommitmentStore = HistoryStore<FundingDecider, FundingEventCodec>
typealias PlacementStore = HistoryStore<PlacementDecider, PlacementEventCodec>
typealias OutputStore = HistoryStore<OutputDecider, OutputEventCodec>
typealias AssetStore = HistoryStore<IPAssetDecider, IPAssetEventCodec>
typealias RoundStore = HistoryStore<RoundDecider, RoundEventCodec>
