import EventStore
import Foundation
import LabLedgerDomain

/// A draw on a funding commitment from another stream (a stipend, a round benefit). The
/// decider of the drawing stream checks the commitment's facts; the draw is then recorded on
/// the commitment as a `DisbursementRecorded` with the same reference, appended as a claim at
/// the commitment's version read, in the same transaction: two draws racing for the last of a
/// balance cannot both commit, and the commitment's own rules are decided by its own decider.
struct CommitmentDraw: Sendable {
    let commitment: CommitmentID
    let facts: CommitmentFacts
    let state: FundingState
    let version: Int

    func claim(_ amount: Amount, valueDate: LocalDate, reference: String) throws -> StreamClaim {
        let events: [FundingEvent]
        do {
            events = try FundingDecider.decide(
                .recordDisbursement(RecordDisbursement(amount: amount, valueDate: valueDate, reference: reference)), state)
        } catch {
            throw Problem.refused(error)
        }
        guard let event = events.first else {
            throw Problem.refused(DomainError(code: "funding.nothing-to-record", message: "Commitment '\(commitment)' records nothing for '\(reference)'."))
        }
        let encoded = try FundingEventCodec.encode(event)
        return StreamClaim(stream: .commitment(commitment), expected: .exact(version), type: encoded.type, data: encoded.data)
    }
}

extension Facts {
    /// The commitment as it stands now; a 422 under `namespace` when it does not exist.
    func commitmentDraw(_ id: CommitmentID, namespace: String) async throws -> CommitmentDraw {
        let loaded = try await loader.load(FundingDecider.self, stream: .commitment(id))
        guard let facts = CommitmentFacts(state: loaded.state) else {
            throw Problem.refused(DomainError(code: "\(namespace).commitment-unknown", message: "No funding commitment '\(id)' exists."))
        }
        return CommitmentDraw(commitment: id, facts: facts, state: loaded.state, version: loaded.version)
    }
}

extension Decider {
    /// Runs the decider ahead of the executor, so the drawing stream's own rules answer before
    /// the commitment's (a stipend beyond the studentship is refused as such, not as an overdraft).
    static func decideOrRefuse(_ command: Command, _ state: State) throws -> [Event] {
        do {
            return try decide(command, state)
        } catch {
            throw Problem.refused(error)
        }
    }
}
