import EventStore
import Foundation
import LabLedgerContract
import LabLedgerDomain
import LabLedgerPrivacy
import OpenAPIRuntime

/// `GET /v1/streams/{streamId}/state`: an aggregate's state as of a point of the history,
/// folded by the domain's own `evolve` from the stream's events up to then. For admins,
/// operators and auditors, like the stream's history it is folded from: a party key would
/// need a per-aggregate rule for who is involved in a past state, and reads its own
/// resources through the queries instead.
extension APIHandler {
    func getStreamState(_ input: Operations.GetStreamState.Input) async throws -> Operations.GetStreamState.Output {
        try requireHistoryReader()
        var fields = Fields()
        let stream = fields.value("#path/streamId") { try StreamName(parsing: input.path.streamId) }
        guard fields.ok, let stream else { throw fields.failure }
        let point = try await TimeTravel.point(input.query.at, axis: input.query.axis, atPointer: "#query/at", store: store, log: auditLog)
        guard try await store.currentVersion(of: stream.rawValue) > 0 else { throw Problem.notFound("Stream '\(stream)'") }
        let folded: FoldedState
        switch stream.category {
        case .party: folded = try await foldState(PartyDecider.self, stream, point)
        case .lab: folded = try await foldState(LabDecider.self, stream, point)
        case .agreement: folded = try await foldState(AgreementDecider.self, stream, point)
        case .commitment: folded = try await foldState(FundingDecider.self, stream, point)
        case .placement: folded = try await foldState(PlacementDecider.self, stream, point)
        case .output: folded = try await foldState(OutputDecider.self, stream, point)
        case .ipAsset: folded = try await foldState(IPAssetDecider.self, stream, point)
        case .round: folded = try await foldState(RoundDecider.self, stream, point)
        default:
            throw Problem.invalid("#path/streamId", code: "history.no-aggregate", "Streams of category '\(stream.category)' hold no aggregate state (claims and other bookkeeping streams).")
        }
        let state = try JSONDecoder().decode(OpenAPIObjectContainer.self, from: folded.json)
        return .ok(.init(body: .json(.init(
            stream: stream.rawValue, at: input.query.at, axis: .init(rawValue: input.query.axis ?? "recorded") ?? .recorded,
            events: folded.events, version: folded.version, position: folded.position, state: .init(additionalProperties: state)))))
    }

    struct FoldedState {
        var json: Data
        /// How many events were folded, the highest stream version among them (0 for none) and
        /// the global position of the last one.
        var events: Int
        var version: Int
        var position: Int64?
    }

    /// Folds the stream's events up to `point` with the aggregate's `evolve`, in stream order.
    func foldState<A: Aggregate>(_ aggregate: A.Type, _ stream: StreamName, _ point: HistoryPoint) async throws -> FoldedState
    where A.State: Encodable {
        var state = A.initial
        var folded = FoldedState(json: Data(), events: 0, version: 0, position: nil)
        // A state names people by id only: folding opens their details but shows them to no one,
        // so it is no read for the access log.
        try await PersonalDataReader.$current.withValue(nil) {
            try await store.readStreams([stream.rawValue], upTo: point) { events in
                for recorded in events {
                    let event = try A.Codec.decode(EncodedEvent(type: recorded.type, schemaVersion: recorded.schemaVersion, data: recorded.data))
                    A.evolve(&state, event)
                    folded.events += 1
                    folded.version = recorded.streamVersion
                    folded.position = recorded.globalPosition
                }
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        folded.json = try encoder.encode(state)
        return folded
    }
}
