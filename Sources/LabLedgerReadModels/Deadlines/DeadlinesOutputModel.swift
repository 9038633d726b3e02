import Foundation
import LabLedgerDomain

struct DeadlinesOutputDocument: Codable, Sendable, Equatable {
    /// Folded from the subset of output events this model reads; only the record and the
    /// review parts of it are used.
    var state: OutputState
    var reviewSettlement: DeadlineSettlement?
    var stamp: LedgerStamp
}

/// Publication-review windows: the reviewers clear, or publication waits until the window ends.
enum DeadlinesOutputModel: StreamReadModel {
    static let category = StreamCategory.output
    static let eventTypes = [
        OutputRegistered.eventType, OutputCorrected.eventType, PublicationReviewRequested.eventType,
        PublicationReviewCleared.eventType, OutputPublished.eventType, OutputWithdrawn.eventType,
    ]

    static func evolve(_ document: DeadlinesOutputDocument?, _ event: ProjectableEvent) throws -> DeadlinesOutputDocument {
        let decoded = try event.decoded(OutputEventCodec.self)
        if case .registered = decoded {
            try LedgerFold.requireNew(document, event)
            return DeadlinesOutputDocument(state: OutputDecider.evolve(OutputDecider.initial, decoded), stamp: LedgerStamp(event))
        }
        var document = try LedgerFold.existing(document, event)
        document.stamp = try document.stamp.next(event)
        OutputDecider.evolve(&document.state, decoded)
        // The first fact that ends the wait settles the window; later ones change nothing.
        guard document.state.review != nil, document.reviewSettlement == nil else { return document }
        switch decoded {
        case .publicationReviewCleared(let e) where document.state.review?.isCleared == true:
            document.reviewSettlement = DeadlineSettlement(resolution: .cleared, on: e.clearedOn)
        case .published(let e):
            document.reviewSettlement = DeadlineSettlement(resolution: .published, on: e.publishedOn)
        case .withdrawn(let e):
            document.reviewSettlement = DeadlineSettlement(resolution: .withdrawn, on: e.withdrawnOn)
        default:
            break
        }
        return document
    }

    static func rows(_ document: DeadlinesOutputDocument, streamID: String, into rows: inout ReadModelRows) throws {
        let state = document.state
        guard let review = state.review, let output = state.id else { return }
        try rows.add(
            DeadlineRow(
                streamID: streamID, key: "publication-review", kind: .publicationReview, subject: output.rawValue, lab: state.lab,
                parties: review.reviewers + state.affiliations, dueOn: review.endsOn,
                description: "Publication review of '\(state.title)' by \(review.reviewers.map(\.rawValue).joined(separator: ", ")) ends",
                settlement: document.reviewSettlement, stamp: document.stamp),
            to: DeadlinesTables.deadlines)
    }
}
