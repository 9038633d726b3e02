import EventStore
import Foundation
import LabLedgerDomain

/// What deciders need to know about other streams, folded from those streams as they are now.
/// A fact can be stale by the time the command commits; the rules that must hold across streams
/// atomically (a DOI registered once, two rounds a year) are guarded by claim streams instead
/// (`Claims`).
struct Facts: Sendable {
    let loader: StreamLoader

    func lab(_ id: LabID) async throws -> LabFacts {
        let loaded = try await loader.load(LabDecider.self, stream: .lab(id))
        return LabFacts(lab: id, state: loaded.state)
    }

    /// The pseudonymous ids appointed to the lab's advisory board.
    func labAdvisors(_ id: LabID) async throws -> Set<PersonID> {
        try await loader.load(LabDecider.self, stream: .lab(id)).state.advisors
    }

    func agreementState(_ id: AgreementID) async throws -> StreamLoader.Loaded<AgreementState> {
        try await loader.load(AgreementDecider.self, stream: .agreement(id))
    }

    /// The agreement's facts; a 422 under `namespace` when it was never drafted.
    func agreement(_ id: AgreementID, namespace: String) async throws -> AgreementFacts {
        guard let facts = AgreementFacts(state: try await agreementState(id).state) else {
            throw CommandRejection.refusedByRule(DomainError(code: "\(namespace).agreement-unknown", message: "No agreement '\(id)' has been drafted."))
        }
        return facts
    }

    func commitment(_ id: CommitmentID, namespace: String) async throws -> CommitmentFacts {
        let loaded = try await loader.load(FundingDecider.self, stream: .commitment(id))
        guard let facts = CommitmentFacts(state: loaded.state) else {
            throw CommandRejection.refusedByRule(DomainError(code: "\(namespace).commitment-unknown", message: "No funding commitment '\(id)' exists."))
        }
        return facts
    }

    func output(_ id: OutputID, namespace: String) async throws -> OutputFacts {
        let loaded = try await loader.load(OutputDecider.self, stream: .output(id))
        guard let facts = OutputFacts(state: loaded.state) else {
            throw CommandRejection.refusedByRule(DomainError(code: "\(namespace).output-unknown", message: "No research output '\(id)' is registered."))
        }
        return facts
    }

    /// Which of `parties` are registered.
    func parties(_ parties: some Sequence<PartyID>) async throws -> KnownParties {
        var registered: Set<PartyID> = []
        for party in Set(parties) where try await loader.exists(.party(party)) {
            registered.insert(party)
        }
        return KnownParties(registered)
    }

    func partyState(_ id: PartyID) async throws -> PartyState {
        try await loader.load(PartyDecider.self, stream: .party(id)).state
    }
}
