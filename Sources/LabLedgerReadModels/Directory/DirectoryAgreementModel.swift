import Foundation
import LabLedgerDomain

/// Agreements for the directory: terms, parties with their roles, cost shares and signatures,
/// status and amendments.
enum DirectoryAgreementModel: StreamReadModel {
    static let category = StreamCategory.agreement
    static let eventTypes = AgreementEventCodec.eventTypes

    static func evolve(_ document: DirectoryAgreementDocument?, _ event: ProjectableEvent) throws -> DirectoryAgreementDocument {
        let decoded = try event.decoded(AgreementEventCodec.self)
        if case .drafted(let drafted) = decoded {
            try LedgerFold.requireNew(document, event)
            return DirectoryAgreementDocument(
                state: AgreementDecider.evolve(AgreementDecider.initial, decoded), title: drafted.title, signatures: [],
                amendments: [], terminationReason: nil, stamp: LedgerStamp(event))
        }
        var document = try LedgerFold.existing(document, event)
        document.stamp = try document.stamp.next(event)
        switch decoded {
        case .drafted, .expired:
            break
        case .signed(let e):
            guard document.state.partyIDs.contains(e.party), document.state.signatures[e.party] == nil else {
                throw LedgerFold.outOfOrder(event, "'\(e.party)' is not a party yet to sign")
            }
            document.signatures.append(.init(
                party: e.party, signatory: e.signatory, signatoryTitle: e.signatoryTitle, signedOn: e.signedOn, personalData: e.person))
        case .amended(let e):
            var changes: [String] = []
            if e.changes.costShares != nil { changes.append("cost_shares") }
            if e.changes.term != nil { changes.append("term") }
            if e.changes.ipTerms != nil { changes.append("ip_terms") }
            document.amendments.append(.init(number: e.number, summary: e.changes.summary, effectiveFrom: e.effectiveFrom, changes: changes))
        case .terminated(let e):
            document.terminationReason = e.reason
        }
        AgreementDecider.evolve(&document.state, decoded)
        return document
    }

    static func rows(_ document: DirectoryAgreementDocument, streamID: String, into rows: inout ReadModelRows) throws {
        let state = document.state
        guard let agreement = state.id?.rawValue, let lab = state.lab?.rawValue, let kind = state.kind, let term = state.term,
            let ipTerms = state.ipTerms, let draftedOn = state.draftedOn
        else { throw ReadModelError.noDocument(streamID: streamID) }
        try rows.add(
            DirectoryAgreementRow(
                stream_id: streamID, agreement_id: agreement, lab_id: lab, kind: kind.rawValue, title: document.title,
                status: status(of: state), term_from: term.from, term_to: term.to, drafted_on: draftedOn,
                executed_on: state.executedOn, terminated_on: state.terminatedOn, termination_reason: document.terminationReason,
                expired_on: state.expiredOn, ip_ownership: ipTerms.ownership.rawValue, sponsor_option_days: ipTerms.sponsorOptionDays,
                publication_review_days: ipTerms.publicationReviewDays, party_count: state.parties.count,
                signature_count: document.signatures.count, amendment_count: document.amendments.count,
                amendments: document.amendments.map {
                    .init(number: $0.number, summary: $0.summary, effective_from: $0.effectiveFrom, changes: $0.changes)
                },
                people_terms: state.peopleTerms.map(PeopleTermsColumn.init), sets_up_lab: state.setsUpLab ? true : nil,
                stream_version: document.stamp.version, updated_position: document.stamp.position),
            to: DirectoryTables.agreements)
        for (index, party) in state.parties.enumerated() {
            let signature = document.signatures.first { $0.party == party.party }
            try rows.add(
                DirectoryAgreementPartyRow(
                    stream_id: streamID, agreement_id: agreement, lab_id: lab, party_id: party.party.rawValue,
                    role: party.role.rawValue, position: index + 1,
                    cost_share_basis_points: state.costShares.first { $0.party == party.party }?.basisPoints.rawValue,
                    signed_on: signature?.signedOn, signatory_id: signature?.signatory.rawValue,
                    signatory_title: signature?.signatoryTitle),
                to: DirectoryTables.agreementParties)
        }
        // One row per person (the people table's key), even if one person signed for two parties.
        var seen = Set<PersonID>()
        for signature in document.signatures where seen.insert(signature.signatory).inserted && !signature.personalData.isErased {
            try rows.add(
                DirectoryPersonRow(
                    stream_id: streamID, person_id: signature.signatory.rawValue, role: .signatory, name: signature.personalData.name,
                    email: signature.personalData.email, phone: signature.personalData.phone, orcid: nil),
                to: DirectoryTables.people)
        }
    }

    /// The domain has no "amended" status: an executed agreement with amendments is shown as such.
    static func status(of state: AgreementState) -> DirectoryAgreementRow.Status {
        switch state.status {
        case .notDrafted, .drafted: .drafted
        case .executed: state.amendments.isEmpty ? .executed : .amended
        case .terminated: .terminated
        case .expired: .expired
        }
    }
}
