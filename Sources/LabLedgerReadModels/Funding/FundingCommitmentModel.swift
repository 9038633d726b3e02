import LabLedgerDomain

/// Folds `commitment-*` streams. Totals come from `FundingDecider.evolve`; before handing it an
/// event, the same arithmetic is tried here so that an event the decider would quietly ignore
/// (another currency, an unknown reference, an overflow) stops the fold instead of leaving a
/// balance that no longer matches the history.
enum FundingCommitmentModel: StreamReadModel {
    static let category = StreamCategory.commitment
    static let eventTypes = FundingEventCodec.eventTypes

    static func evolve(_ document: FundingCommitmentDocument?, _ event: ProjectableEvent) throws -> FundingCommitmentDocument {
        let decoded = try event.decoded(FundingEventCodec.self)
        guard var document else {
            guard case .committed(let committed) = decoded else {
                throw outOfOrder(event, "nothing was committed on this stream before it")
            }
            return FundingCommitmentDocument(
                commitment: committed, state: FundingDecider.evolve(FundingDecider.initial, decoded), disbursements: [],
                adjustments: [], closedReason: nil, streamVersion: event.streamVersion, updatedPosition: event.position)
        }
        // Already folded (a batch delivered twice): folding it again would count it twice.
        guard event.streamVersion > document.streamVersion else { return document }
        guard let committed = document.state.committed, let disbursed = document.state.disbursed else {
            throw outOfOrder(event, "the document holds no committed total")
        }
        switch decoded {
        case .committed:
            throw outOfOrder(event, "the commitment was already made at version \(document.streamVersion) or before")
        case .disbursementRecorded(let e):
            guard !document.disbursements.contains(where: { $0.reference == e.reference }) else {
                throw outOfOrder(event, "disbursement '\(e.reference)' is already recorded")
            }
            try arithmetic(event) { () throws(ValueError) in _ = try disbursed.adding(e.amount) }
            document.disbursements.append(FundingCommitmentDocument.Disbursement(
                reference: e.reference, amount: e.amount, valueDate: e.valueDate, recordedVersion: event.streamVersion,
                recordedPosition: event.position, reversedOn: nil, reversalReason: nil))
        case .disbursementReversed(let e):
            guard let index = document.disbursements.firstIndex(where: { $0.reference == e.reference && $0.reversedOn == nil }) else {
                throw outOfOrder(event, "no unreversed disbursement has reference '\(e.reference)'")
            }
            let original = document.disbursements[index].amount
            try arithmetic(event) { () throws(ValueError) in _ = try disbursed.subtracting(original) }
            document.disbursements[index].reversedOn = e.reversedOn
            document.disbursements[index].reversalReason = e.reason
        case .adjusted(let e):
            try arithmetic(event) { () throws(ValueError) in _ = try committed.adding(e.delta) }
            document.adjustments.append(FundingCommitmentDocument.Adjustment(
                delta: e.delta, amendment: e.amendment, recordedVersion: event.streamVersion, recordedPosition: event.position))
        case .closed(let e):
            document.closedReason = e.reason
        }
        FundingDecider.evolve(&document.state, decoded)
        document.streamVersion = event.streamVersion
        document.updatedPosition = event.position
        return document
    }

    static func rows(_ document: FundingCommitmentDocument, streamID: String, into rows: inout ReadModelRows) throws {
        let commitment = document.commitment
        guard let committed = document.state.committed, let disbursed = document.state.disbursed else {
            throw ReadModelError.outOfOrder(streamID: streamID, type: FundingCommitted.eventType, reason: "the document holds no committed total")
        }
        let amount = FundingAmountColumns(committed)
        let isClosed = document.state.closedOn != nil
        // What is left undisbursed: drawable while open, released once closed.
        let (undisbursed, overflow) = committed.units.subtractingReportingOverflow(disbursed.units)
        guard !overflow else {
            throw ReadModelError.outOfOrder(streamID: streamID, type: FundingCommitted.eventType, reason: "the balance does not fit in 64 bits")
        }
        try rows.add(FundingCommitmentRow(
            stream_id: streamID, commitment_id: commitment.commitment.rawValue, agreement_id: commitment.agreement.rawValue,
            funder_id: commitment.funder.rawValue, purpose: commitment.purpose.rawValue, amount_kind: amount.kind,
            currency: amount.currency, unit: amount.unit, initially_committed: commitment.amount.units, committed: committed.units,
            disbursed: disbursed.units, remaining: isClosed ? 0 : undisbursed, released: isClosed ? undisbursed : 0,
            period_from: commitment.period.from.rawValue, period_to: commitment.period.to?.rawValue,
            status: isClosed ? "closed" : "open", closed_on: document.state.closedOn?.rawValue, closed_reason: document.closedReason,
            stream_version: document.streamVersion, updated_position: document.updatedPosition), to: FundingReadModel.commitmentsTable)
        for disbursement in document.disbursements {
            let columns = FundingAmountColumns(disbursement.amount)
            try rows.add(FundingDisbursementRow(
                stream_id: streamID, commitment_id: commitment.commitment.rawValue, funder_id: commitment.funder.rawValue,
                reference: disbursement.reference, amount_kind: columns.kind, currency: columns.currency, unit: columns.unit,
                amount: columns.units, value_date: disbursement.valueDate.rawValue, reversed: disbursement.reversedOn != nil,
                reversed_on: disbursement.reversedOn?.rawValue, reversal_reason: disbursement.reversalReason,
                recorded_version: disbursement.recordedVersion, recorded_position: disbursement.recordedPosition),
                to: FundingReadModel.disbursementsTable)
        }
        for adjustment in document.adjustments {
            try rows.add(FundingAdjustmentRow(
                stream_id: streamID, commitment_id: commitment.commitment.rawValue, amendment: adjustment.amendment,
                delta: adjustment.delta.units, recorded_version: adjustment.recordedVersion,
                recorded_position: adjustment.recordedPosition), to: FundingReadModel.adjustmentsTable)
        }
    }

    private static func arithmetic(_ event: ProjectableEvent, _ body: () throws(ValueError) -> Void) throws {
        do {
            try body()
        } catch {
            throw outOfOrder(event, error.message)
        }
    }

    private static func outOfOrder(_ event: ProjectableEvent, _ reason: String) -> ReadModelError {
        .outOfOrder(streamID: event.streamID, type: event.type, reason: reason)
    }
}
