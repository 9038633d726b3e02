import LabLedgerDomain

/// Folds `placement-*` streams. An event that would make the rows lie (a stipend in another
/// currency than the studentship's, a payment reference used twice, ending an internship
/// that never started) stops the fold rather than being smoothed over.
enum PlacementModel: StreamReadModel {
    static let category = StreamCategory.placement
    static let eventTypes = PlacementEventCodec.eventTypes

    static func evolve(_ document: PlacementDocument?, _ event: ProjectableEvent) throws -> PlacementDocument {
        let decoded = try event.decoded(PlacementEventCodec.self)
        guard var document else {
            switch decoded {
            case .studentshipAwarded(let e): return PlacementDocument(e, at: event)
            case .postdocAppointed(let e): return PlacementDocument(e, at: event)
            default: throw outOfOrder(event, "no studentship was awarded and no postdoc appointed on this stream")
            }
        }
        // Already folded (a batch delivered twice): folding it again would pay a stipend twice.
        guard event.streamVersion > document.streamVersion else { return document }
        switch decoded {
        case .studentshipAwarded, .postdocAppointed:
            throw outOfOrder(event, "the placement already exists")
        case .stipendPaid(let e):
            guard let stipend = document.stipend else { throw outOfOrder(event, "only a studentship is paid a stipend") }
            guard e.amount.currency == stipend.monthly.currency else {
                throw outOfOrder(event, "the stipend is paid in \(stipend.monthly.currency), not \(e.amount.currency)")
            }
            guard !document.stipends.contains(where: { $0.reference == e.reference }) else {
                throw outOfOrder(event, "stipend '\(e.reference)' was already paid")
            }
            guard paidTotal(document.stipends.map(\.amount) + [e.amount]) != nil else {
                throw outOfOrder(event, "the stipends paid no longer fit in 64 bits")
            }
            document.stipends.append(PlacementDocument.StipendPayment(
                reference: e.reference, amount: e.amount, forPeriod: e.forPeriod, paidOn: e.paidOn, commitment: e.commitment,
                recordedVersion: event.streamVersion, recordedPosition: event.position))
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
        return document
    }

    static func rows(_ document: PlacementDocument, streamID: String, into rows: inout ReadModelRows) throws {
        let placement = document.placement.rawValue
        guard let paid = paidTotal(document.stipends.map(\.amount)) else {
            throw ReadModelError.outOfOrder(streamID: streamID, type: StipendPaid.eventType, reason: "the stipends paid do not fit in 64 bits")
        }
        try rows.add(PlacementRow(
            stream_id: streamID, placement_id: placement, kind: document.kind.rawValue, lab_id: document.lab.rawValue,
            agreement_id: document.agreement.rawValue, person_id: document.person.rawValue,
            degree_grantor_id: document.degreeGrantor?.rawValue, sponsor_id: document.sponsor?.rawValue,
            employer_id: document.employer?.rawValue, period_from: document.period.from.rawValue,
            period_to: document.period.to?.rawValue, started_on: document.startedOn.rawValue, status: document.status,
            degree: document.degree, degree_conferred_on: document.degreeConferredOn?.rawValue,
            ended_on: document.endedOn?.rawValue, end_reason: document.endReason?.rawValue,
            stipend_commitment_id: document.stipend?.commitment.rawValue, stipend_currency: document.stipend?.monthly.currency.rawValue,
            stipend_monthly: document.stipend?.monthly.minorUnits, stipends_paid: document.stipend.map { _ in paid },
            stipend_payment_count: document.stipend.map { _ in document.stipends.count },
            last_stipend_paid_on: document.stipends.map(\.paidOn).max()?.rawValue,
            stream_version: document.streamVersion, updated_position: document.updatedPosition), to: PlacementsReadModel.placementsTable)
        for (index, internship) in document.internships.enumerated() {
            try rows.add(PlacementInternshipRow(
                stream_id: streamID, placement_id: placement, number: index + 1, host_id: internship.host.rawValue,
                agreement_id: internship.agreement.rawValue, lab_id: document.lab.rawValue,
                period_from: internship.period.from.rawValue, period_to: internship.period.to?.rawValue,
                ended_on: internship.endedOn?.rawValue), to: PlacementsReadModel.internshipsTable)
        }
        for payment in document.stipends {
            try rows.add(PlacementStipendRow(
                stream_id: streamID, placement_id: placement, reference: payment.reference,
                commitment_id: payment.commitment.rawValue, currency: payment.amount.currency.rawValue,
                amount: payment.amount.minorUnits, period_from: payment.forPeriod.from.rawValue,
                period_to: payment.forPeriod.to?.rawValue, paid_on: payment.paidOn.rawValue,
                recorded_version: payment.recordedVersion, recorded_position: payment.recordedPosition),
                to: PlacementsReadModel.stipendsTable)
        }
        // An erased person has no row: the people tables hold only details that can be read.
        guard !document.personalData.isErased else { return }
        try rows.add(PlacementPersonRow(
            stream_id: streamID, placement_id: placement, person_id: document.person.rawValue, orcid: document.orcid?.rawValue,
            name: document.personalData.name, email: document.personalData.email, phone: document.personalData.phone),
            to: PlacementsReadModel.peopleTable)
    }

    /// Minor units of all payments, which share one currency; nil on overflow.
    private static func paidTotal(_ payments: [Money]) -> Int64? {
        var total: Int64 = 0
        for payment in payments {
            let (sum, overflow) = total.addingReportingOverflow(payment.minorUnits)
            if overflow { return nil }
            total = sum
        }
        return total
    }

    private static func outOfOrder(_ event: ProjectableEvent, _ reason: String) -> ReadModelError {
        .outOfOrder(streamID: event.streamID, type: event.type, reason: reason)
    }
}
