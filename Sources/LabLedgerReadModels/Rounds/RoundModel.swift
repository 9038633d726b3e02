import LabLedgerDomain

/// Folds `round-*` streams. A benefit granted or a mentor assigned is a keyed row inserted (its
/// key checked first, to refuse a repeat: `newFacts`), so the work per event does not grow with
/// the round's benefits and mentors. An event that names a startup the round never heard of,
/// repeats an application, a decision, a benefit reference or a mentor assignment stops the
/// fold: its rows would double-count or clash on a primary key.
enum RoundModel: KeyedStreamReadModel {
    static let category = StreamCategory.round
    static let eventTypes = RoundEventCodec.eventTypes

    static func decode(_ event: ProjectableEvent) throws -> RoundEvent {
        try event.decoded(RoundEventCodec.self)
    }

    /// A benefit must not repeat a reference, nor a mentor an assignment to the same startup.
    static func newFacts(_ event: ProjectableEvent, _ decoded: RoundEvent) throws -> [RowKey] {
        switch decoded {
        case .benefitGranted(let e): [try key(RoundsReadModel.benefitsTable, event, [e.reference])]
        case .mentorAssigned(let e): [try key(RoundsReadModel.mentorsTable, event, [e.startup.rawValue, e.mentor.rawValue])]
        default: []
        }
    }

    static func evolve(_ current: inout RoundDocument?, _ event: ProjectableEvent, _ decoded: RoundEvent, _ rows: inout KeyedRows) throws {
        guard var document = current else {
            guard case .opened(let opened) = decoded else { throw outOfOrder(event, "no round was opened on this stream") }
            // Keyed rows take the round id from the stream's name before the document is read
            // (`key`); the two must be the same or lookups would miss.
            guard event.streamID == StreamName.round(opened.round).rawValue else {
                throw outOfOrder(event, "round '\(opened.round)' is opened on another round's stream")
            }
            current = RoundDocument(opened, at: event)
            return
        }
        // Already folded (a batch delivered twice).
        guard event.streamVersion > document.streamVersion else { return }
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
            let key = try key(RoundsReadModel.benefitsTable, event, [e.reference])
            guard try rows.row(RoundBenefitRow.self, key) == nil else {
                throw outOfOrder(event, "benefit '\(e.reference)' was already granted")
            }
            let amount = FundingAmountColumns(e.quantity)
            try rows.write(RoundBenefitRow(
                stream_id: event.streamID, round_id: document.round.rawValue, reference: e.reference, startup_id: e.startup.rawValue,
                kind: e.kind.rawValue, amount_kind: amount.kind, currency: amount.currency, unit: amount.unit,
                quantity: amount.units, provider_id: e.provider.rawValue, commitment_id: e.commitment?.rawValue,
                granted_on: e.grantedOn.rawValue, recorded_version: event.streamVersion, recorded_position: event.position,
                description: e.description), key)
        case .mentorAssigned(let e):
            let key = try key(RoundsReadModel.mentorsTable, event, [e.startup.rawValue, e.mentor.rawValue])
            guard try rows.row(RoundMentorRow.self, key) == nil else {
                throw outOfOrder(event, "mentor '\(e.mentor)' is already assigned to '\(e.startup)'")
            }
            try rows.write(RoundMentorRow(
                stream_id: event.streamID, round_id: document.round.rawValue, startup_id: e.startup.rawValue,
                mentor_id: e.mentor.rawValue, assigned_on: e.assignedOn.rawValue,
                advisory_board_member: e.advisoryBoardMember == true ? true : nil), key)
            // One row per person: the data given with their latest assignment replaces the earlier.
            // An erased person has no row: the people tables hold only details that can be read
            // (an erased person's every assignment reads erased, so no earlier row stands either).
            if !e.person.isErased {
                try rows.write(RoundPersonRow(
                    stream_id: event.streamID, round_id: document.round.rawValue, person_id: e.mentor.rawValue, name: e.person.name,
                    email: e.person.email, phone: e.person.phone), RowKey(RoundsReadModel.peopleTable, [event.streamID, e.mentor.rawValue]))
            }
        case .cohortGraduated(let e):
            document.graduates = e.graduates
            document.graduatedOn = e.graduatedOn
        }
        document.streamVersion = event.streamVersion
        document.updatedPosition = event.position
        current = document
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
                graduated_on: status == "graduated" ? document.graduatedOn?.rawValue : nil),
                key: [streamID, startup.startup.rawValue], to: RoundsReadModel.startupsTable)
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

    /// A keyed row of `table` in this round: `round_benefits` by (round_id, reference) and
    /// `round_mentors` by (round_id, startup_id, mentor_id); the round id is the stream's id
    /// after its category, known before the round's document is read.
    private static func key(_ table: String, _ event: ProjectableEvent, _ rest: [String]) throws -> RowKey {
        let prefix = StreamCategory.round.rawValue + "-"
        guard event.streamID.hasPrefix(prefix) else { throw outOfOrder(event, "a round event on a stream that is not a round's") }
        return RowKey(table, [String(event.streamID.dropFirst(prefix.count))] + rest)
    }

    private static func outOfOrder(_ event: ProjectableEvent, _ reason: String) -> ReadModelError {
        .outOfOrder(streamID: event.streamID, type: event.type, reason: reason)
    }
}
