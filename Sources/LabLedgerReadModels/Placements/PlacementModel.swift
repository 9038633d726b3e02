import LabLedgerDomain

/// Folds `placement-*` streams with work per event independent of how many stipends were
/// paid: a payment is one keyed row of `placement_stipends` inserted (its reference checked
/// first: `newFacts`), and the summary row comes from totals in a document of fixed size. An
/// event that would make the rows lie (a stipend in another currency than the studentship's,
/// a payment reference used twice, ending an internship that never started) stops the fold
/// rather than being smoothed over.
enum PlacementModel: KeyedStreamReadModel {
    static let category = StreamCategory.placement
    static let eventTypes = PlacementEventCodec.eventTypes

    static func decode(_ event: ProjectableEvent) throws -> PlacementEvent {
        try event.decoded(PlacementEventCodec.self)
    }

    /// A stipend payment must not repeat a reference.
    static func newFacts(_ event: ProjectableEvent, _ decoded: PlacementEvent) throws -> [RowKey] {
        guard case .stipendPaid(let e) = decoded else { return [] }
        return [try stipendKey(event, e.reference)]
    }

    static func evolve(_ current: inout PlacementDocument?, _ event: ProjectableEvent, _ decoded: PlacementEvent, _ rows: inout KeyedRows) throws {
        guard var document = current else {
            switch decoded {
            case .studentshipAwarded(let e): current = try started(PlacementDocument(e, at: event), event)
            case .postdocAppointed(let e): current = try started(PlacementDocument(e, at: event), event)
            default: throw outOfOrder(event, "no studentship was awarded and no postdoc appointed on this stream")
            }
            return
        }
        // Already folded (a batch delivered twice): folding it again would pay a stipend twice.
        guard event.streamVersion > document.streamVersion else { return }
        switch decoded {
        case .studentshipAwarded, .postdocAppointed:
            throw outOfOrder(event, "the placement already exists")
        case .stipendPaid(let e):
            guard let stipend = document.stipend else { throw outOfOrder(event, "only a studentship is paid a stipend") }
            guard e.amount.currency == stipend.monthly.currency else {
                throw outOfOrder(event, "the stipend is paid in \(stipend.monthly.currency), not \(e.amount.currency)")
            }
            let key = try stipendKey(event, e.reference)
            guard try rows.row(PlacementStipendRow.self, key) == nil else {
                throw outOfOrder(event, "stipend '\(e.reference)' was already paid")
            }
            let (paid, overflow) = document.stipendsPaid.addingReportingOverflow(e.amount.minorUnits)
            guard !overflow else { throw outOfOrder(event, "the stipends paid no longer fit in 64 bits") }
            document.stipendsPaid = paid
            document.stipendPaymentCount += 1
            document.lastStipendPaidOn = max(document.lastStipendPaidOn ?? e.paidOn, e.paidOn)
            try rows.write(PlacementStipendRow(
                stream_id: event.streamID, placement_id: document.placement.rawValue, reference: e.reference,
                commitment_id: e.commitment.rawValue, currency: e.amount.currency.rawValue, amount: e.amount.minorUnits,
                period_from: e.forPeriod.from.rawValue, period_to: e.forPeriod.to?.rawValue, paid_on: e.paidOn.rawValue,
                recorded_version: event.streamVersion, recorded_position: event.position), key)
        case .internshipStarted(let e):
            document.internships.append(PlacementDocument.Internship(host: e.host, agreement: e.agreement, period: e.period, endedOn: nil))
        case .internshipEnded(let e):
            guard let last = document.internships.indices.last, document.internships[last].endedOn == nil else {
                throw outOfOrder(event, "no internship is in progress")
            }
            document.internships[last].endedOn = e.endedOn
        case .degreeConferred(let e):
            document.degree = e.degree
            document.degreeConferredOn = e.conferredOn
        case .ended(let e):
            document.endedOn = e.endedOn
            document.endReason = e.reason
        }
        document.streamVersion = event.streamVersion
        document.updatedPosition = event.position
        current = document
    }

    static func rows(_ document: PlacementDocument, streamID: String, into rows: inout ReadModelRows) throws {
        let placement = document.placement.rawValue
        try rows.add(PlacementRow(
            stream_id: streamID, placement_id: placement, kind: document.kind.rawValue, lab_id: document.lab.rawValue,
            agreement_id: document.agreement.rawValue, person_id: document.person.rawValue,
            degree_grantor_id: document.degreeGrantor?.rawValue, sponsor_id: document.sponsor?.rawValue,
            employer_id: document.employer?.rawValue, period_from: document.period.from.rawValue,
            period_to: document.period.to?.rawValue, started_on: document.startedOn.rawValue, status: document.status,
            degree: document.degree, degree_conferred_on: document.degreeConferredOn?.rawValue,
            ended_on: document.endedOn?.rawValue, end_reason: document.endReason?.rawValue,
            stipend_commitment_id: document.stipend?.commitment.rawValue, stipend_currency: document.stipend?.monthly.currency.rawValue,
            stipend_monthly: document.stipend?.monthly.minorUnits, stipends_paid: document.stipend.map { _ in document.stipendsPaid },
            stipend_payment_count: document.stipend.map { _ in document.stipendPaymentCount },
            last_stipend_paid_on: document.lastStipendPaidOn?.rawValue,
            stream_version: document.streamVersion, updated_position: document.updatedPosition), to: PlacementsReadModel.placementsTable)
        for (index, internship) in document.internships.enumerated() {
            try rows.add(PlacementInternshipRow(
                stream_id: streamID, placement_id: placement, number: index + 1, host_id: internship.host.rawValue,
                agreement_id: internship.agreement.rawValue, lab_id: document.lab.rawValue,
                period_from: internship.period.from.rawValue, period_to: internship.period.to?.rawValue,
                ended_on: internship.endedOn?.rawValue), to: PlacementsReadModel.internshipsTable)
        }
        // An erased person has no row: the people tables hold only details that can be read.
        guard !document.personalData.isErased else { return }
        try rows.add(PlacementPersonRow(
            stream_id: streamID, placement_id: placement, person_id: document.person.rawValue, orcid: document.orcid?.rawValue,
            name: document.personalData.name, email: document.personalData.email, phone: document.personalData.phone),
            to: PlacementsReadModel.peopleTable)
    }

    /// The keyed rows take the placement id from the stream's name before the document is
    /// read (`stipendKey`); the two must be the same or lookups would miss.
    private static func started(_ document: PlacementDocument, _ event: ProjectableEvent) throws -> PlacementDocument {
        guard event.streamID == StreamName.placement(document.placement).rawValue else {
            throw outOfOrder(event, "placement '\(document.placement)' is started on another placement's stream")
        }
        return document
    }

    /// `placement_stipends` is keyed by (placement_id, reference); the placement id is the
    /// stream's id after its category.
    private static func stipendKey(_ event: ProjectableEvent, _ reference: String) throws -> RowKey {
        let prefix = StreamCategory.placement.rawValue + "-"
        guard event.streamID.hasPrefix(prefix) else {
            throw outOfOrder(event, "a placement event on a stream that is not a placement's")
        }
        return RowKey(PlacementsReadModel.stipendsTable, [String(event.streamID.dropFirst(prefix.count)), reference])
    }

    private static func outOfOrder(_ event: ProjectableEvent, _ reason: String) -> ReadModelError {
        .outOfOrder(streamID: event.streamID, type: event.type, reason: reason)
    }
}
