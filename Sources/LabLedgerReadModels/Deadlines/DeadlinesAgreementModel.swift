import Foundation
import LabLedgerDomain

struct DeadlinesAgreementDocument: Codable, Sendable, Equatable {
    var state: AgreementState
    let title: String
    var stamp: LedgerStamp
}

/// The end of an executed agreement's term (as amended), until it expires or is terminated.
/// A draft nobody has finished signing has no term running yet, so no deadline.
enum DeadlinesAgreementModel: StreamReadModel {
    static let category = StreamCategory.agreement
    static let eventTypes = AgreementEventCodec.eventTypes

    static func evolve(_ document: DeadlinesAgreementDocument?, _ event: ProjectableEvent) throws -> DeadlinesAgreementDocument {
        let decoded = try event.decoded(AgreementEventCodec.self)
        if case .drafted(let e) = decoded {
            try LedgerFold.requireNew(document, event)
            return DeadlinesAgreementDocument(
                state: AgreementDecider.evolve(AgreementDecider.initial, decoded), title: e.title, stamp: LedgerStamp(event))
        }
        var document = try LedgerFold.existing(document, event)
        document.stamp = try document.stamp.next(event)
        AgreementDecider.evolve(&document.state, decoded)
        return document
    }

    static func rows(_ document: DeadlinesAgreementDocument, streamID: String, into rows: inout ReadModelRows) throws {
        let state = document.state
        guard state.executedOn != nil, let end = state.term?.to, let agreement = state.id else { return }
        var settlement: DeadlineSettlement?
        if let on = state.terminatedOn, state.status == .terminated {
            settlement = DeadlineSettlement(resolution: .terminated, on: on)
        } else if let on = state.expiredOn, state.status == .expired {
            settlement = DeadlineSettlement(resolution: .expired, on: on)
        }
        try rows.add(
            DeadlineRow(
                streamID: streamID, key: "term-end", kind: .agreementTermEnd, subject: agreement.rawValue, lab: state.lab,
                parties: state.parties.map(\.party), dueOn: end, description: "Term of '\(document.title)' ends",
                settlement: settlement, stamp: document.stamp),
            to: DeadlinesTables.deadlines)
    }
}
