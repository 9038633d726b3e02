import LabLedgerDomain

/// Folds `agreement-*` streams into the funding projection's own agreement table, because a
/// commitment names only its agreement: per-lab balances join the two tables of this
/// projection instead of reading another projection. Signatories' personal data is not kept.
enum FundingAgreementModel: StreamReadModel {
    static let category = StreamCategory.agreement
    static let eventTypes = AgreementEventCodec.eventTypes

    static func evolve(_ document: FundingAgreementDocument?, _ event: ProjectableEvent) throws -> FundingAgreementDocument {
        let decoded = try event.decoded(AgreementEventCodec.self)
        let state: AgreementState
        let title: String
        switch (document, decoded) {
        case (nil, .drafted(let drafted)):
            state = AgreementDecider.initial
            title = drafted.title
        case (nil, _):
            throw outOfOrder(event, "the agreement was never drafted")
        case (let document?, _):
            // Already folded (a batch delivered twice).
            guard event.streamVersion > document.streamVersion else { return document }
            if case .drafted = decoded { throw outOfOrder(event, "the agreement was already drafted") }
            state = document.state
            title = document.title
        }
        guard let next = FundingAgreementDocument(
            state: AgreementDecider.evolve(state, decoded), title: title, streamVersion: event.streamVersion,
            updatedPosition: event.position)
        else { throw outOfOrder(event, "the agreement is not drafted after it") }
        return next
    }

    static func rows(_ document: FundingAgreementDocument, streamID: String, into rows: inout ReadModelRows) throws {
        let agreement = document.agreement.rawValue
        try rows.add(FundingAgreementRow(
            stream_id: streamID, agreement_id: agreement, lab_id: document.lab.rawValue, kind: document.kind.rawValue,
            title: document.title, status: document.status.rawValue, term_from: document.term.from.rawValue,
            term_to: document.term.to?.rawValue, drafted_on: document.draftedOn.rawValue, executed_on: document.executedOn?.rawValue,
            terminated_on: document.terminatedOn?.rawValue, expired_on: document.expiredOn?.rawValue,
            amendments: document.amendments, stream_version: document.streamVersion, updated_position: document.updatedPosition),
            to: FundingReadModel.agreementsTable)
        for party in document.parties {
            try rows.add(FundingAgreementPartyRow(
                stream_id: streamID, agreement_id: agreement, party_id: party.party.rawValue, role: party.role.rawValue,
                cost_share_basis_points: document.costShares.first { $0.party == party.party }?.basisPoints.rawValue,
                signed_on: document.signatures.first { $0.party == party.party }?.signedOn.rawValue),
                to: FundingReadModel.agreementPartiesTable)
        }
    }

    private static func outOfOrder(_ event: ProjectableEvent, _ reason: String) -> ReadModelError {
        .outOfOrder(streamID: event.streamID, type: event.type, reason: reason)
    }
}
