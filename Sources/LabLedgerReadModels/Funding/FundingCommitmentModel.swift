import LabLedgerDomain

/// Folds `commitment-*` streams with work per event independent of the stream's length: a
/// disbursement or an adjustment is one keyed row written, a reversal one row read back and
/// rewritten, and the summary row comes from a document of fixed size. The totals use the
/// domain's own `Amount` arithmetic, and an event that arithmetic refuses (another currency,
/// an unknown reference, an overflow) stops the fold instead of leaving a balance that no
/// longer matches the history.
enum FundingCommitmentModel: KeyedStreamReadModel {
    static let category = StreamCategory.commitment
    static let eventTypes = FundingEventCodec.eventTypes

    static func decode(_ event: ProjectableEvent) throws -> FundingEvent {
        try event.decoded(FundingEventCodec.self)
    }

    /// A reversal reads the disbursement it reverses.
    static func lookups(_ event: ProjectableEvent, _ decoded: FundingEvent) throws -> [RowKey] {
        guard case .disbursementReversed(let e) = decoded else { return [] }
        return [try disbursementKey(event, e.reference)]
    }

    /// A disbursement must not repeat a reference.
    static func newFacts(_ event: ProjectableEvent, _ decoded: FundingEvent) throws -> [RowKey] {
        guard case .disbursementRecorded(let e) = decoded else { return [] }
        return [try disbursementKey(event, e.reference)]
    }

    static func evolve(
        _ document: inout FundingCommitmentDocument?, _ event: ProjectableEvent, _ decoded: FundingEvent, _ rows: inout KeyedRows
    ) throws {
        guard var current = document else {
            guard case .committed(let committed) = decoded else {
                throw outOfOrder(event, "nothing was committed on this stream before it")
            }
            // Keyed rows take the commitment id from the stream's name before the document is
            // read (`disbursementKey`); the two must be the same or lookups would miss.
            guard event.streamID == StreamName.commitment(committed.commitment).rawValue else {
                throw outOfOrder(event, "commitment '\(committed.commitment)' is committed on another commitment's stream")
            }
            document = FundingCommitmentDocument(
                commitment: committed, committed: committed.amount, disbursed: committed.amount.zero, closedOn: nil,
                closedReason: nil, streamVersion: event.streamVersion, updatedPosition: event.position)
            return
        }
        // Already folded (a batch delivered twice): folding it again would count it twice.
        guard event.streamVersion > current.streamVersion else { return }
        switch decoded {
        case .committed:
            throw outOfOrder(event, "the commitment was already made at version \(current.streamVersion) or before")
        case .disbursementRecorded(let e):
            let key = try disbursementKey(event, e.reference)
            guard try rows.row(FundingDisbursementRow.self, key) == nil else {
                throw outOfOrder(event, "disbursement '\(e.reference)' is already recorded")
            }
            current.disbursed = try arithmetic(event) { () throws(ValueError) in try current.disbursed.adding(e.amount) }
            let columns = FundingAmountColumns(e.amount)
            try rows.write(FundingDisbursementRow(
                stream_id: event.streamID, commitment_id: current.commitment.commitment.rawValue, funder_id: current.commitment.funder.rawValue,
                reference: e.reference, amount_kind: columns.kind, currency: columns.currency, unit: columns.unit, amount: columns.units,
                value_date: e.valueDate.rawValue, reversed: false, reversed_on: nil, reversal_reason: nil,
                recorded_version: event.streamVersion, recorded_position: event.position), key)
        case .disbursementReversed(let e):
            let key = try disbursementKey(event, e.reference)
            guard let original = try rows.row(FundingDisbursementRow.self, key), !original.reversed else {
                throw outOfOrder(event, "no unreversed disbursement has reference '\(e.reference)'")
            }
            let amount = try sameDenomination(as: current.disbursed, original, event)
            current.disbursed = try arithmetic(event) { () throws(ValueError) in try current.disbursed.subtracting(amount) }
            try rows.write(original.reversed(on: e.reversedOn.rawValue, reason: e.reason), key)
        case .adjusted(let e):
            current.committed = try arithmetic(event) { () throws(ValueError) in try current.committed.adding(e.delta) }
            try rows.write(FundingAdjustmentRow(
                stream_id: event.streamID, commitment_id: current.commitment.commitment.rawValue, amendment: e.amendment,
                delta: e.delta.units, recorded_version: event.streamVersion, recorded_position: event.position),
                RowKey(FundingReadModel.adjustmentsTable, [current.commitment.commitment.rawValue, String(event.streamVersion)]))
        case .closed(let e):
            current.closedOn = e.closedOn
            current.closedReason = e.reason
        }
        current.streamVersion = event.streamVersion
        current.updatedPosition = event.position
        document = current
    }

    static func rows(_ document: FundingCommitmentDocument, streamID: String, into rows: inout ReadModelRows) throws {
        let commitment = document.commitment
        let amount = FundingAmountColumns(document.committed)
        let isClosed = document.closedOn != nil
        // What is left undisbursed: drawable while open, released once closed.
        let (undisbursed, overflow) = document.committed.units.subtractingReportingOverflow(document.disbursed.units)
        guard !overflow else {
            throw ReadModelError.outOfOrder(streamID: streamID, type: FundingCommitted.eventType, reason: "the balance does not fit in 64 bits")
        }
        try rows.add(FundingCommitmentRow(
            stream_id: streamID, commitment_id: commitment.commitment.rawValue, agreement_id: commitment.agreement.rawValue,
            funder_id: commitment.funder.rawValue, purpose: commitment.purpose.rawValue, amount_kind: amount.kind,
            currency: amount.currency, unit: amount.unit, initially_committed: commitment.amount.units, committed: document.committed.units,
            disbursed: document.disbursed.units, remaining: isClosed ? 0 : undisbursed, released: isClosed ? undisbursed : 0,
            period_from: commitment.period.from.rawValue, period_to: commitment.period.to?.rawValue,
            status: isClosed ? "closed" : "open", closed_on: document.closedOn?.rawValue, closed_reason: document.closedReason,
            stream_version: document.streamVersion, updated_position: document.updatedPosition), to: FundingReadModel.commitmentsTable)
    }

    /// `funding_disbursements` is keyed by (commitment_id, reference); the commitment id is the
    /// stream's id after its category, known before the commitment's document is read.
    private static func disbursementKey(_ event: ProjectableEvent, _ reference: String) throws -> RowKey {
        let prefix = StreamCategory.commitment.rawValue + "-"
        guard event.streamID.hasPrefix(prefix) else {
            throw outOfOrder(event, "a commitment event on a stream that is not a commitment's")
        }
        return RowKey(FundingReadModel.disbursementsTable, [String(event.streamID.dropFirst(prefix.count)), reference])
    }

    /// The stored disbursement's amount as an `Amount` of the commitment's currency or unit.
    private static func sameDenomination(as total: Amount, _ row: FundingDisbursementRow, _ event: ProjectableEvent) throws -> Amount {
        let columns = FundingAmountColumns(total)
        guard row.currency == columns.currency, row.unit == columns.unit else {
            throw outOfOrder(event, "disbursement '\(row.reference)' is not in the commitment's currency or unit")
        }
        return switch total {
        case .cash(let money): .cash(Money(minorUnits: row.amount, currency: money.currency))
        case .inKind(let quantity): .inKind(InKindQuantity(row.amount, quantity.unit))
        }
    }

    private static func arithmetic(_ event: ProjectableEvent, _ body: () throws(ValueError) -> Amount) throws -> Amount {
        do {
            return try body()
        } catch {
            throw outOfOrder(event, error.message)
        }
    }

    private static func outOfOrder(_ event: ProjectableEvent, _ reason: String) -> ReadModelError {
        .outOfOrder(streamID: event.streamID, type: event.type, reason: reason)
    }
}
