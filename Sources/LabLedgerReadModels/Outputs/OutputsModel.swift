import Foundation
import LabLedgerDomain

/// One research output: its record, where it stands, its parties and its contributors.
enum OutputsModel: StreamReadModel {
    static let category = StreamCategory.output
    static let eventTypes = OutputEventCodec.eventTypes

    static func evolve(_ document: OutputsDocument?, _ event: ProjectableEvent) throws -> OutputsDocument {
        let decoded = try event.decoded(OutputEventCodec.self)
        if case .registered = decoded {
            try LedgerFold.requireNew(document, event)
            return OutputsDocument(
                state: OutputDecider.evolve(OutputDecider.initial, decoded), clearances: [], stamp: LedgerStamp(event))
        }
        var document = try LedgerFold.existing(document, event)
        document.stamp = try document.stamp.next(event)
        switch decoded {
        case .registered, .corrected:
            break
        case .submittedForValidation(let e):
            document.submittedOn = e.submittedOn
        case .validated(let e):
            document.validatedOn = e.validatedOn
            document.validatedBy = e.validatedBy
        case .publicationReviewRequested:
            guard document.state.review == nil else { throw LedgerFold.outOfOrder(event, "a review was already requested") }
        case .publicationReviewCleared(let e):
            guard let review = document.state.review, review.reviewers.contains(e.reviewer), !review.clearedBy.contains(e.reviewer) else {
                throw LedgerFold.outOfOrder(event, "'\(e.reviewer)' has no pending review to clear")
            }
            document.clearances.append(.init(reviewer: e.reviewer, clearedOn: e.clearedOn))
        case .published(let e):
            document.venue = e.venue
        case .withdrawn(let e):
            document.withdrawalReason = e.reason
        }
        OutputDecider.evolve(&document.state, decoded)
        return document
    }

    static func rows(_ document: OutputsDocument, streamID: String, into rows: inout ReadModelRows) throws {
        let state = document.state
        guard let output = state.id?.rawValue, let lab = state.lab?.rawValue, let kind = state.kind, let date = state.date else {
            throw ReadModelError.noDocument(streamID: streamID)
        }
        try rows.add(outputRow(document, streamID: streamID, output: output, lab: lab, kind: kind, date: date), to: OutputsTables.outputs)
        for (index, party) in state.affiliations.enumerated() {
            try rows.add(
                OutputPartyRow(
                    stream_id: streamID, output_id: output, party_id: party.rawValue, relation: .affiliation, position: index + 1,
                    cleared_on: nil),
                key: [streamID, OutputPartyRow.Relation.affiliation.rawValue, party.rawValue], to: OutputsTables.parties)
        }
        for (index, reviewer) in (state.review?.reviewers ?? []).enumerated() {
            try rows.add(
                OutputPartyRow(
                    stream_id: streamID, output_id: output, party_id: reviewer.rawValue, relation: .reviewer, position: index + 1,
                    cleared_on: document.clearances.first { $0.reviewer == reviewer }?.clearedOn),
                key: [streamID, OutputPartyRow.Relation.reviewer.rawValue, reviewer.rawValue], to: OutputsTables.parties)
        }
        for (index, contributor) in state.contributors.enumerated() {
            try rows.add(
                OutputPersonRow(
                    stream_id: streamID, output_id: output, orcid: contributor.orcid.rawValue, position: index + 1,
                    credit_roles: contributor.creditRoles.map(\.rawValue)),
                key: [streamID, contributor.orcid.rawValue], to: OutputsTables.people)
        }
    }

    private static func outputRow(
        _ document: OutputsDocument, streamID: String, output: String, lab: String, kind: OutputKind, date: LocalDate
    ) -> OutputRow {
        let state = document.state
        let review = state.review
        let clearedOn = document.reviewClearedOn
        return OutputRow(
            stream_id: streamID, output_id: output, lab_id: lab, kind: kind.rawValue, title: state.title, doi: state.doi?.rawValue,
            doi_normalized: state.doi?.normalized, date: date, agreement_id: state.agreement?.rawValue,
            status: OutputStatus(state), validation: state.validation.rawValue, revalidation_required: state.revalidationRequired,
            submitted_on: document.submittedOn, validated_on: document.validatedOn, validated_by: document.validatedBy?.rawValue,
            review_state: review == nil ? .none : clearedOn == nil ? .pending : .cleared,
            review_requested_on: review?.requestedOn, review_window_ends_on: review?.endsOn, review_cleared_on: clearedOn,
            review_clears_on: review.map { review in clearedOn.map { min($0, review.endsOn) } ?? review.endsOn },
            published_on: state.publishedOn, venue: document.venue, withdrawn_on: state.withdrawnOn,
            withdrawal_reason: document.withdrawalReason, contributor_count: state.contributors.count,
            stream_version: document.stamp.version, updated_position: document.stamp.position)
    }
}
