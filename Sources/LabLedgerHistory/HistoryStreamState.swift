import LabLedgerDomain

/// The state the generator holds for one stream, as its aggregate's decider folds it, so a test
/// can replay the generated events through `evolve` and compare.
public enum HistoryStreamState: Sendable, Equatable {
    case party(PartyState)
    case lab(LabState)
    case agreement(AgreementState)
    case commitment(FundingState)
    case placement(PlacementState)
    case output(OutputState)
    case ipAsset(IPAssetState)
    case round(RoundState)
}

extension HistoryWorld {
    func state(of stream: StreamName) -> HistoryStreamState? {
        switch stream.category {
        case .party: parties.handle(of: stream.id).map { .party(parties[$0]) }
        case .lab: labs.handle(of: stream.id).map { .lab(labs[$0]) }
        case .agreement: agreements.handle(of: stream.id).map { .agreement(agreements[$0]) }
        case .commitment: commitments.handle(of: stream.id).map { .commitment(commitments[$0]) }
        case .placement: placements.handle(of: stream.id).map { .placement(placements[$0]) }
        case .output: outputs.handle(of: stream.id).map { .output(outputs[$0]) }
        case .ipAsset: assets.handle(of: stream.id).map { .ipAsset(assets[$0]) }
        case .round: rounds.handle(of: stream.id).map { .round(rounds[$0]) }
        default: nil
        }
    }

    /// The version the generator holds for a stream: the events appended to it so far.
    func version(of stream: StreamName) -> Int? {
        switch stream.category {
        case .party: parties.handle(of: stream.id).map { parties.versions[$0] }
        case .lab: labs.handle(of: stream.id).map { labs.versions[$0] }
        case .agreement: agreements.handle(of: stream.id).map { agreements.versions[$0] }
        case .commitment: commitments.handle(of: stream.id).map { commitments.versions[$0] }
        case .placement: placements.handle(of: stream.id).map { placements.versions[$0] }
        case .output: outputs.handle(of: stream.id).map { outputs.versions[$0] }
        case .ipAsset: assets.handle(of: stream.id).map { assets.versions[$0] }
        case .round: rounds.handle(of: stream.id).map { rounds.versions[$0] }
        default: nil
        }
    }
}
