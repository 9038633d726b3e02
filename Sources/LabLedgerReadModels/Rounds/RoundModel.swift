import LabLedgerDomain

/// Folds `round-*` streams. An event that names a startup the round never heard of, repeats an
/// application, a decision, a benefit reference or a mentor assignment stops the fold: its
/// rows would double-count or clash on a primary key.
enum RoundModel: StreamReadModel {
    static let category = StreamCategory.round
    static let eventTypes = RoundEventCodec.eventTypes

    static func evolve(_ document: RoundDocument?, _ event: ProjectableEvent) throws -> RoundDocument {
        let decoded = try event.decoded(RoundEventCodec.self)
        guard var document else {
            guard case .opened(let opened) = decoded else { throw outOfOrder(event, "no round was opened on this stream") }
            return RoundDocument(opened, at: event)
        }
        // Already folded (a batch delivered twice).
        guard event.streamVersion > document.streamVersion else { return document }
        switch decoded {
        case .opened:
            throw outOfOrder(event, "the round was already opened")
        case .startupApplied(let e):
            guard !document.startups.contains(where: { $0.startup == e.startup }) else {
                throw outOfOrder(event, "'\(e.startup)' already applied")
            }
            document.startups.append(RoundDocument.Startup(startup: e.startup, appliedOn: e.appliedOn, decision: .pending))
        case .startupAdmitted(let e):
            try decide(e.startup, .admitted, on: e.admittedOn, reason: nil, in: &document, event)
        case .startupRejected(let e):
            try decide(e.startup, .rejected, on: e.rejectedOn, reason: e.reason, in: &document, event)
        case .benefitGranted(let e):
            guard !document.benefits.contains(where: { $0.reference == e.reference }) else {
                throw outOfOrder(event, "benefit '\(e.reference)' was already granted")
            }
            document.benefits.append(RoundDocument.Benefit(
                reference: e.reference, startup: e.startup, kind: e.kind, quantity: e.quantity, provider: e.provider,
                commitment: e.commitment, grantedOn: e.grantedOn, recordedVersion: event.streamVersion, recordedPosition: event.position))
        case .mentorAssigned(let e):
            guard !document.mentors.contains(where: { $0.startup == e.startup && $0.mentor == e.mentor }) else {
                throw outOfOrder(event, "mentor '\(e.mentor)' is already assigned to '\(e.startup)'")
            }
            document.mentors.append(RoundDocument.Mentor(startup: e.startup, mentor: e.mentor, assignedOn: e.assignedOn, person: e.person))
        case .cohortGraduated(let e):
            document.graduates = e.graduates
            document.graduatedOn = e.graduatedOn
        }
        document.streamVersion = event.streamVersion
        document.updatedPosition = event.position
        return document
    }

    static func rows(_ document: RoundDocument, streamID: String, into rows: inout ReadModelRows) throws {
        let round = document.round.rawValue
        let statuses = document.startups.map { document.status(of: $0) }
        let count = { (status: String) in statuses.filter { $0 == status }.count }
        let programme = document.programme
        try rows.add(RoundRow(
            stream_id: streamID, round_id: round, lab_id: document.lab.rawValue, number: document.number,
            capacity: document.capacity, window_from: document.applicationWindow.from.rawValue,
            window_to: document.applicationWindow.to?.rawValue, programme_months: document.programmeMonths,
            programme_from: programme?.from.rawValue, programme_to: programme?.to?.rawValue, opened_on: document.openedOn.rawValue,
            applied_count: document.startups.count, pending_count: count("applied"),
            admitted_count: document.startups.filter { $0.decision == .admitted }.count, rejected_count: count("rejected"),
            graduated_count: count("graduated"), status: document.graduatedOn == nil ? "running" : "graduated",
            graduated_on: document.graduatedOn?.rawValue, stream_version: document.streamVersion,
            updated_position: document.updatedPosition), to: RoundsReadModel.roundsTable)
        for (startup, status) in zip(document.startups, statuses) {
            try rows.add(RoundStartupRow(
                stream_id: streamID, round_id: round, lab_id: document.lab.rawValue, startup_id: startup.startup.rawValue,
                status: status, applied_on: startup.appliedOn.rawValue,
                admitted_on: startup.decision == .admitted ? startup.decidedOn?.rawValue : nil,
                rejected_on: startup.decision == .rejected ? startup.decidedOn?.rawValue : nil,
                rejection_reason: startup.rejectionReason,
                graduated_on: status == "graduated" ? document.graduatedOn?.rawValue : nil), to: RoundsReadModel.startupsTable)
        }
        for benefit in document.benefits {
            let amount = FundingAmountColumns(benefit.quantity)
            try rows.add(RoundBenefitRow(
                stream_id: streamID, round_id: round, reference: benefit.reference, startup_id: benefit.startup.rawValue,
                kind: benefit.kind.rawValue, amount_kind: amount.kind, currency: amount.currency, unit: amount.unit,
                quantity: amount.units, provider_id: benefit.provider.rawValue, commitment_id: benefit.commitment?.rawValue,
                granted_on: benefit.grantedOn.rawValue, recorded_version: benefit.recordedVersion,
                recorded_position: benefit.recordedPosition), to: RoundsReadModel.benefitsTable)
        }
        for mentor in document.mentors {
            try rows.add(RoundMentorRow(
                stream_id: streamID, round_id: round, startup_id: mentor.startup.rawValue, mentor_id: mentor.mentor.rawValue,
                assigned_on: mentor.assignedOn.rawValue), to: RoundsReadModel.mentorsTable)
        }
        // One row per person: the data given with their latest assignment.
        var people: [PersonID: PersonalData] = [:]
        for mentor in document.mentors { people[mentor.mentor] = mentor.person }
        for (person, data) in people.sorted(by: { $0.key < $1.key }) where !data.isErased {
            try rows.add(RoundPersonRow(
                stream_id: streamID, round_id: round, person_id: person.rawValue, name: data.name, email: data.email,
                phone: data.phone), to: RoundsReadModel.peopleTable)
        }
    }

    private static func decide(
        _ startup: PartyID, _ decision: RoundDocument.Decision, on day: LocalDate, reason: String?, in document: inout RoundDocument,
        _ event: ProjectableEvent
    ) throws {
        guard let index = document.startups.firstIndex(where: { $0.startup == startup }) else {
            throw outOfOrder(event, "'\(startup)' never applied to this round")
        }
        guard document.startups[index].decision == .pending else {
            throw outOfOrder(event, "'\(startup)' was already \(document.startups[index].decision.rawValue)")
        }
        document.startups[index].decision = decision
        document.startups[index].decidedOn = day
        document.startups[index].rejectionReason = reason
    }

    private static func outOfOrder(_ event: ProjectableEvent, _ reason: String) -> ReadModelError {
        .outOfOrder(streamID: event.streamID, type: event.type, reason: reason)
    }
}
