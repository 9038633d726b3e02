import LabLedgerDomain

/// Placements: every July the lab's sponsor commits a cohort's PhD stipends and the students
/// are awarded studentships starting 1 September (most for four years, a few transferring in
/// for their final year or two); stipends are paid monthly and drawn on the commitment under
/// the same reference; some students intern at the sponsor one summer, a few withdraw, the rest
/// receive their degree from the university. Postdocs are appointed for two years.
extension HistoryWorld {
    mutating func awardCohort(_ lab: Int) throws {
        let plan = labRecords[lab]
        guard isActive(lab: lab), today < plan.activeUntil, let main = plan.mainAgreement, isInForce(agreement: main),
            let university = plan.university, let sponsor = plan.sponsor, let term = agreements[main].term
        else { return }
        schedule(.awardCohort(lab: lab), on: try HistoryDay.adding(years: 1, to: today), lab: lab)
        let start = try HistoryDay.next(month: 9, day: 1, onOrAfter: today)
        let latestEnd = try term.to.map { try HistoryDay.monthStart(HistoryDay.day($0)) }
        var periods: [(from: Int, to: Int)] = []
        for _ in 0..<random.int(plan.cohortSize) {
            // Transfer students join for their last year or two; the story's first joins for one,
            // so a degree is conferred early in every history.
            let first = !coverage.hasTaken(.transferIn)
            let transfer = coverage.take(.transferIn, probability: 0.08, random: &random)
            var end = try HistoryDay.adding(years: transfer ? (first ? 1 : random.int(1...2)) : 4, to: start)
            if let latestEnd { end = min(end, latestEnd) }
            if try HistoryDay.adding(months: 12, to: start) <= end { periods.append((start, end)) }
        }
        guard let cohortEnd = periods.map(\.to).max() else { return }
        let currency = plan.currency
        let monthly = Money(minorUnits: (currency.rawValue == "HKD" ? 18_000 : 15_000) * minorUnitsPerUnit(currency), currency: currency)
        var months: Int64 = 0
        for period in periods { months += Int64(try monthsBetween(period.from, period.to)) }
        let commitment = try commit(
            lab: lab, agreement: main, plan: .stipends, funder: sponsor, purpose: .phdStipend,
            amount: .cash(Money(minorUnits: monthly.minorUnits * months, currency: currency)), period: try HistoryDay.range(start, cohortEnd))
        for period in periods {
            try awardStudentship(lab: lab, agreement: main, commitment: commitment, university: university, sponsor: sponsor,
                                 monthly: monthly, from: period.from, to: period.to)
        }
    }

    private mutating func awardStudentship(
        lab: Int, agreement: Int, commitment: Int, university: Int, sponsor: Int, monthly: Money, from: Int, to: Int
    ) throws {
        let months = try monthsBetween(from, to)
        // Only students at the start of a full PhD withdraw; a transfer student in a final year
        // completes, which also keeps the story's first degree early.
        let withdraws = months >= 24 && coverage.take(.withdrawal, probability: 0.06, random: &random)
        let placement = try newPlacement(lab: lab, kind: "phd", agreement: agreement, commitment: commitment,
                                         withdrawsAfter: withdraws ? random.int(2...(months - 2)) : nil)
        let student = try newPerson(emailDomain: "example.edu", researcher: true)
        let command = AwardStudentship(
            placement: try PlacementID(parsing: placements.names[placement].id), lab: labRecords[lab].id,
            agreement: try agreementFacts(agreement).agreement, student: student.id, orcid: student.orcid,
            degreeGrantor: partyID(university), sponsor: partyID(sponsor),
            stipend: Stipend(monthly: monthly, commitment: try commitmentFacts(commitment).commitment),
            period: try HistoryDay.range(from, to), awardedOn: try date(today), person: student.data,
            facts: PlacementFacts(lab: labFacts(lab), agreement: try agreementFacts(agreement)),
            commitment: try commitmentFacts(commitment))
        record(try placements.append(placement, [.awardStudentship(command)], at: occurredAt()))
        commitmentRecords[commitment].openPlacements += 1
        schedule(.payStipend(placement: placement), on: from + 4, lab: lab)
        // One summer at the sponsor, in the first summer of a studentship of at least two years.
        let summer = try HistoryDay.next(month: 6, day: 1, onOrAfter: from)
        if months >= 24, coverage.take(.internship, probability: 0.4, random: &random) {
            schedule(.startInternship(placement: placement), on: summer, lab: lab)
        }
    }

    mutating func newPlacement(lab: Int, kind: String, agreement: Int, commitment: Int?, withdrawsAfter: Int?) throws -> Int {
        let number = labRecords[lab].placements.count + 1
        let handle = try placements.create(id: "\(labRecords[lab].key)-\(kind)-\(HistoryIdentifiers.padded(number, 4))")
        placementRecords.append(HistoryPlacement(lab: lab, agreement: agreement, commitment: commitment, withdrawsAfter: withdrawsAfter))
        labRecords[lab].placements.append(handle)
        return handle
    }

    /// The month's stipend on the 5th, then the matching draw on the cohort's commitment.
    mutating func payStipend(_ placement: Int) throws {
        let state = placements[placement]
        let plan = placementRecords[placement]
        guard state.endedOn == nil, let periodEnd = state.period?.to.map(HistoryDay.day), let stipend = state.stipend,
            let commitment = plan.commitment
        else { return }
        if let after = plan.withdrawsAfter, plan.stipendsPaid >= after {
            try endPlacementEarly(placement, reason: .withdrawn)
            return
        }
        let monthStart = try HistoryDay.monthStart(today)
        let monthEnd = try HistoryDay.adding(months: 1, to: monthStart)
        let reference = "\(placements.names[placement].id)-\(try date(monthStart).rawValue.prefix(7))"
        record(try placements.append(placement, [.payStipend(PayStipend(
            amount: stipend.monthly, forPeriod: try HistoryDay.range(monthStart, monthEnd), paidOn: try date(today),
            reference: reference, commitment: try commitmentFacts(commitment)))], at: occurredAt()))
        record(try commitments.append(commitment, [.recordDisbursement(RecordDisbursement(
            amount: .cash(stipend.monthly), valueDate: try date(today), reference: reference))], at: occurredAt()))
        placementRecords[placement].stipendsPaid += 1
        if monthEnd < periodEnd {
            schedule(.payStipend(placement: placement), on: monthEnd + 4, lab: plan.lab)
        } else {
            schedule(.completeStudentship(placement: placement), on: today + random.int(10...20), lab: plan.lab)
        }
    }

    /// The degree is conferred by the university and the studentship ends, in one append.
    mutating func completeStudentship(_ placement: Int) throws {
        let state = placements[placement]
        guard state.endedOn == nil, let grantor = state.degreeGrantor else { return }
        var commands: [PlacementCommand] = []
        if state.currentInternship != nil { commands.append(.endInternship(EndInternship(endedOn: try date(today)))) }
        commands.append(.conferDegree(ConferDegree(grantor: grantor, degree: "Doctor of Philosophy", conferredOn: try date(today))))
        commands.append(.end(EndPlacement(reason: .completed, endedOn: try date(today))))
        record(try placements.append(placement, commands, at: occurredAt()))
        try releaseCohortPlace(placement)
    }

    /// Ends a placement before its term (a withdrawal, a transfer, a pilot wound up), ending an
    /// internship in progress first.
    mutating func endPlacementEarly(_ placement: Int, reason: PlacementEndReason) throws {
        let state = placements[placement]
        guard state.endedOn == nil, state.period != nil else { return }
        var commands: [PlacementCommand] = []
        if let internship = state.currentInternship, HistoryDay.day(internship.period.from) < today {
            commands.append(.endInternship(EndInternship(endedOn: try date(today))))
        } else if state.currentInternship != nil {
            return
        }
        // A placement ended before it began (a postdoc appointed for next month when its pilot
        // is wound up) ends on its first day: a placement never ends before it starts.
        let endedOn = max(today, state.period.map { HistoryDay.day($0.from) } ?? today)
        commands.append(.end(EndPlacement(reason: reason, endedOn: try date(endedOn))))
        record(try placements.append(placement, commands, at: occurredAt()))
        try releaseCohortPlace(placement)
    }

    /// Once a cohort's last studentship has ended its commitment is closed, releasing the rest.
    private mutating func releaseCohortPlace(_ placement: Int) throws {
        guard let commitment = placementRecords[placement].commitment else { return }
        commitmentRecords[commitment].openPlacements -= 1
        if commitmentRecords[commitment].openPlacements == 0 {
            try close(commitment, reason: "Every studentship of the cohort has ended; the undrawn balance is released")
        }
    }

    /// A summer internship at the sponsor, under the lab's agreement if it is still in force.
    mutating func startInternship(_ placement: Int) throws {
        let state = placements[placement]
        let plan = placementRecords[placement]
        guard state.endedOn == nil, state.currentInternship == nil, let period = state.period, let host = labRecords[plan.lab].sponsor,
            isInForce(agreement: plan.agreement)
        else { return }
        let end = try HistoryDay.next(month: 9, day: 1, onOrAfter: today + 1)
        let internship = try HistoryDay.range(today, end)
        let facts = try agreementFacts(plan.agreement)
        guard facts.term.contains(internship), period.contains(internship), let periodEnd = period.to,
            try HistoryDay.adding(months: 3, to: end) <= HistoryDay.day(periodEnd)
        else { return }
        record(try placements.append(placement, [.startInternship(StartInternship(host: partyID(host), period: internship, agreement: facts))], at: occurredAt()))
        schedule(.endInternship(placement: placement), on: end, lab: plan.lab)
    }

    mutating func endInternship(_ placement: Int) throws {
        guard placements[placement].endedOn == nil, let internship = placements[placement].currentInternship,
            let end = internship.period.to, HistoryDay.day(end) <= today
        else { return }
        record(try placements.append(placement, [.endInternship(EndInternship(endedOn: end))], at: occurredAt()))
    }

    /// A two-year postdoc employed by the university (or, now and then, by the sponsor).
    mutating func appointPostdoc(_ lab: Int) throws {
        let plan = labRecords[lab]
        guard isActive(lab: lab), today < plan.activeUntil, let main = plan.mainAgreement, isInForce(agreement: main),
            let university = plan.university
        else { return }
        schedule(.appointPostdoc(lab: lab), on: today + random.int(150...400), lab: lab)
        guard plan.kind == .pilot || coverage.take(.postdoc, probability: 0.7, random: &random) else { return }
        let facts = try agreementFacts(main)
        let start = try HistoryDay.adding(months: 1, to: try HistoryDay.monthStart(today))
        var end = try HistoryDay.adding(years: 2, to: start)
        if let termEnd = facts.term.to { end = min(end, HistoryDay.day(termEnd)) }
        guard facts.term.contains(try date(start)), end - start >= 180 else { return }
        let employer = plan.sponsor.map { random.chance(0.25) ? $0 : university } ?? university
        let placement = try newPlacement(lab: lab, kind: "postdoc", agreement: main, commitment: nil, withdrawsAfter: nil)
        let researcher = try newPerson(emailDomain: "example.edu", researcher: true)
        record(try placements.append(placement, [.appointPostdoc(AppointPostdoc(
            placement: try PlacementID(parsing: placements.names[placement].id), lab: plan.id, agreement: facts.agreement,
            researcher: researcher.id, orcid: researcher.orcid, employer: partyID(employer), period: try HistoryDay.range(start, end),
            appointedOn: try date(today), person: researcher.data, facts: PlacementFacts(lab: labFacts(lab), agreement: facts)))], at: occurredAt()))
        if let orcid = researcher.orcid { labRecords[lab].researchers.append(orcid) }
        schedule(.endPostdoc(placement: placement), on: random.chance(0.1) ? start + random.int(60...(end - start - 1)) : end, lab: lab)
    }

    mutating func endPostdoc(_ placement: Int) throws {
        guard let period = placements[placement].period, placements[placement].endedOn == nil else { return }
        let completed = period.to.map { HistoryDay.day($0) <= today } ?? false
        try endPlacementEarly(placement, reason: completed ? .completed : .transferred)
    }

    func monthsBetween(_ from: Int, _ to: Int) throws -> Int {
        let start = try date(from)
        let end = try date(to)
        return (end.year - start.year) * 12 + end.month - start.month
    }
}
