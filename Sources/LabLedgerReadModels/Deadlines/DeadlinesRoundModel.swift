import Foundation
import LabLedgerDomain

struct DeadlinesRoundDocument: Codable, Sendable, Equatable {
    let round: RoundID
    let lab: LabID
    let number: Int
    let applicationWindow: DateRange
    /// In application order.
    var applicants: [PartyID]
    var windowSettlement: DeadlineSettlement?
    var stamp: LedgerStamp
}

/// The close of a round's application window. No event closes it — the calendar does — so the
/// model reads every round event for its date: the first one dated on or after the close
/// proves the window has passed. Until then the row stays open and `due_on` tells the rest.
enum DeadlinesRoundModel: StreamReadModel {
    static let category = StreamCategory.round
    static let eventTypes = RoundEventCodec.eventTypes

    static func evolve(_ document: DeadlinesRoundDocument?, _ event: ProjectableEvent) throws -> DeadlinesRoundDocument {
        let decoded = try event.decoded(RoundEventCodec.self)
        if case .opened(let e) = decoded {
            try LedgerFold.requireNew(document, event)
            return DeadlinesRoundDocument(
                round: e.round, lab: e.lab, number: e.number, applicationWindow: e.applicationWindow, applicants: [],
                stamp: LedgerStamp(event))
        }
        var document = try LedgerFold.existing(document, event)
        document.stamp = try document.stamp.next(event)
        let dated: LocalDate
        switch decoded {
        case .opened(let e): dated = e.openedOn
        case .startupApplied(let e):
            dated = e.appliedOn
            if !document.applicants.contains(e.startup) { document.applicants.append(e.startup) }
        case .startupAdmitted(let e): dated = e.admittedOn
        case .startupRejected(let e): dated = e.rejectedOn
        case .benefitGranted(let e): dated = e.grantedOn
        case .mentorAssigned(let e): dated = e.assignedOn
        case .cohortGraduated(let e): dated = e.graduatedOn
        }
        if document.windowSettlement == nil, let close = document.applicationWindow.to, dated >= close {
            document.windowSettlement = DeadlineSettlement(resolution: .passed, on: dated)
        }
        return document
    }

    static func rows(_ document: DeadlinesRoundDocument, streamID: String, into rows: inout ReadModelRows) throws {
        guard let close = document.applicationWindow.to else { return }
        try rows.add(
            DeadlineRow(
                streamID: streamID, key: "application-window", kind: .applicationWindowClose, subject: document.round.rawValue,
                lab: document.lab, parties: document.applicants, dueOn: close,
                description: "Applications to round \(document.number) of \(document.lab) close",
                settlement: document.windowSettlement, stamp: document.stamp),
            to: DeadlinesTables.deadlines)
    }
}
