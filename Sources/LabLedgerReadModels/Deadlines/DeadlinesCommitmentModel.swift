import Foundation
import LabLedgerDomain

struct DeadlinesCommitmentDocument: Codable, Sendable, Equatable {
    let commitment: CommitmentID
    let agreement: AgreementID
    let funder: PartyID
    let purpose: FundingPurpose
    let period: DateRange
    var closedOn: LocalDate?
    var stamp: LedgerStamp
}

/// The end of a commitment's funding period, until the commitment is closed. The stream does
/// not name the lab (only the agreement), so `lab_id` stays empty.
enum DeadlinesCommitmentModel: StreamReadModel {
    static let category = StreamCategory.commitment
    static let eventTypes = [FundingCommitted.eventType, CommitmentClosed.eventType]

    static func evolve(_ document: DeadlinesCommitmentDocument?, _ event: ProjectableEvent) throws -> DeadlinesCommitmentDocument {
        switch try event.decoded(FundingEventCodec.self) {
        case .committed(let e):
            try LedgerFold.requireNew(document, event)
            return DeadlinesCommitmentDocument(
                commitment: e.commitment, agreement: e.agreement, funder: e.funder, purpose: e.purpose, period: e.period,
                stamp: LedgerStamp(event))
        case .closed(let e):
            var document = try LedgerFold.existing(document, event)
            document.stamp = try document.stamp.next(event)
            document.closedOn = e.closedOn
            return document
        case .disbursementRecorded, .disbursementReversed, .adjusted:
            var document = try LedgerFold.existing(document, event)
            document.stamp = try document.stamp.next(event)
            return document
        }
    }

    static func rows(_ document: DeadlinesCommitmentDocument, streamID: String, into rows: inout ReadModelRows) throws {
        guard let end = document.period.to else { return }
        try rows.add(
            DeadlineRow(
                streamID: streamID, key: "commitment-period", kind: .commitmentPeriodEnd, subject: document.commitment.rawValue,
                lab: nil, parties: [document.funder], dueOn: end,
                description: "Funding period of \(document.commitment) (\(document.purpose.rawValue) by \(document.funder) under \(document.agreement)) ends",
                settlement: document.closedOn.map { DeadlineSettlement(resolution: .closed, on: $0) }, stamp: document.stamp),
            to: DeadlinesTables.deadlines)
    }
}
