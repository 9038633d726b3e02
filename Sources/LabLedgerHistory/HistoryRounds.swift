import LabLedgerDomain

/// Accelerator rounds, two a year (windows opening 1 March and 1 September): the charter's
/// parties commit the round's cash grants, cloud compute and office space; startups apply during
/// the window (new ones registering first, some rejected ones trying again); up to the capacity
/// are admitted and the rest rejected; each admitted startup gets its benefits — drawn on the
/// commitments under the same references — and mentors from the advisory board; the cohort
/// graduates when the six-month programme is over and the commitments are closed.
extension HistoryWorld {
    mutating func openRound(_ lab: Int, windowOpens: Int) throws {
        let plan = labRecords[lab]
        guard isActive(lab: lab), windowOpens < plan.activeUntil, let charter = plan.mainAgreement, isInForce(agreement: charter),
            let fund = plan.fund, let company = plan.sponsor, let host = plan.host
        else { return }
        schedule(.openRound(lab: lab, windowOpens: try HistoryDay.adding(months: 6, to: windowOpens)),
                 on: try HistoryDay.adding(months: 6, to: windowOpens) - random.int(10...20), lab: lab)
        let windowCloses = try HistoryDay.adding(months: 1, to: windowOpens)
        let programmeMonths = 6
        let programmeEnds = try HistoryDay.adding(months: programmeMonths, to: windowCloses)
        let capacity = random.int(8...12)
        let period = try HistoryDay.range(windowOpens, try HistoryDay.adding(months: 1, to: programmeEnds))
        let grant = Int64(random.element([300_000, 500_000, 1_000_000])) * minorUnitsPerUnit(plan.currency)
        let cash = try commit(lab: lab, agreement: charter, plan: .round, funder: fund, purpose: .cashGrant,
                              amount: .cash(Money(minorUnits: grant * Int64(capacity), currency: plan.currency)), period: period)
        let compute = try commit(lab: lab, agreement: charter, plan: .round, funder: company, purpose: .computeCredits,
                                 amount: .inKind(InKindQuantity(5_000 * Int64(capacity), .gpuHours)), period: period)
        let office = try commit(lab: lab, agreement: charter, plan: .round, funder: host, purpose: .officeSpace,
                                amount: .inKind(InKindQuantity(40 * Int64(capacity), .squareMetres)), period: period)

        let year = try HistoryDay.year(windowOpens)
        let calendar = calendarFacts(lab: lab, year: year)
        labRecords[lab].roundsOpened += 1
        let id = try RoundID(parsing: "\(plan.key)-round-\(year)-\(calendar.roundsOpened.count + 1)")
        let round = try rounds.create(id: id.rawValue)
        roundRecords.append(HistoryRound(
            lab: lab, windowOpens: windowOpens, windowCloses: windowCloses, programmeEnds: programmeEnds, capacity: capacity,
            cash: cash, compute: compute, office: office))
        labRecords[lab].rounds.append(round)
        record(try rounds.append(round, [.open(OpenRound(
            round: id, lab: plan.id, number: labRecords[lab].roundsOpened, capacity: capacity,
            applicationWindow: try HistoryDay.range(windowOpens, windowCloses), programmeMonths: programmeMonths,
            openedOn: try date(today), labFacts: labFacts(lab), calendar: calendar))], at: occurredAt()))
        roundCalendar[Self.calendarKey(lab: lab, year: year), default: []].append(id)
        schedule(.roundApplications(round: round), on: windowOpens + random.int(0...3), lab: lab)
    }

    /// A day's applications, up to five in one append; new startups register the same day.
    mutating func roundApplications(_ round: Int) throws {
        let plan = roundRecords[round]
        guard rounds[round].graduatedOn == nil else { return }
        guard today < plan.windowCloses else {
            schedule(.roundDecisions(round: round), on: plan.windowCloses + random.int(3...10), lab: plan.lab)
            return
        }
        var startups: [Int] = []
        for _ in 0..<random.int(2...5) {
            let returning = labRecords[plan.lab].rejectedStartups.filter { !plan.applicants.contains($0) && !startups.contains($0) }
            if !returning.isEmpty, random.chance(0.25) {
                startups.append(random.element(returning))
            } else {
                let startup = try newStartup()
                try ensureRegistered(startup)
                startups.append(startup)
            }
        }
        let appliedOn = try date(today)
        record(try rounds.append(round, startups.map { startup in
            .apply(ApplyToRound(startup: partyID(startup), appliedOn: appliedOn, parties: known([startup])))
        }, at: occurredAt()))
        roundRecords[round].applicants += startups
        let next = today + random.int(3...7)
        if next < plan.windowCloses, roundRecords[round].applicants.count < 2 * plan.capacity + 4 {
            schedule(.roundApplications(round: round), on: next, lab: plan.lab)
        } else {
            schedule(.roundDecisions(round: round), on: plan.windowCloses + random.int(3...10), lab: plan.lab)
        }
    }

    /// Admits up to the capacity, in an order drawn at random, and rejects the rest.
    mutating func roundDecisions(_ round: Int) throws {
        let plan = roundRecords[round]
        guard rounds[round].graduatedOn == nil else { return }
        var order = plan.applicants
        random.shuffle(&order)
        let admitted = Array(order.prefix(plan.capacity))
        let rejected = Array(order.dropFirst(plan.capacity))
        let day = try date(today)
        var commands: [RoundCommand] = admitted.map { .admit(AdmitStartup(startup: partyID($0), admittedOn: day)) }
        commands += rejected.map {
            .reject(RejectStartup(startup: partyID($0), rejectedOn: day, reason: "The round is full; the selection panel ranked other startups higher"))
        }
        for start in stride(from: 0, to: commands.count, by: 5) {
            record(try rounds.append(round, Array(commands[start..<min(start + 5, commands.count)]), at: occurredAt()))
        }
        roundRecords[round].admitted = admitted
        labRecords[plan.lab].rejectedStartups += rejected
        schedule(.roundBenefits(round: round), on: today + random.int(3...8), lab: plan.lab)
        schedule(.roundMentors(round: round), on: today + random.int(5...12), lab: plan.lab)
        schedule(.graduateRound(round: round), on: plan.programmeEnds + random.int(0...10), lab: plan.lab)
    }

    /// The next admitted startup's benefits in one append, then the draws on the three
    /// commitments under the same references; the startups are served a day or two apart.
    mutating func roundBenefits(_ round: Int) throws {
        let plan = roundRecords[round]
        let lab = labRecords[plan.lab]
        guard rounds[round].graduatedOn == nil, plan.benefitsGranted < plan.admitted.count,
            let fund = lab.fund, let company = lab.sponsor, let host = lab.host,
            case .cash(let total) = commitments[plan.cash].committed
        else { return }
        let index = plan.benefitsGranted
        let startup = plan.admitted[index]
        let day = try date(today)
        let reference = "\(rounds.names[round].id)-\(index + 1)"
        let cash = Amount.cash(Money(minorUnits: total.minorUnits / Int64(plan.capacity), currency: total.currency))
        let draws: [(commitment: Int, kind: BenefitKind, amount: Amount, provider: Int, tag: String)] = [
            (plan.cash, .cash, cash, fund, "cash"),
            (plan.compute, .cloudCredits, .inKind(InKindQuantity(5_000, .gpuHours)), company, "gpu"),
            (plan.office, .officeSpace, .inKind(InKindQuantity(40, .squareMetres)), host, "office"),
        ]
        var commands: [RoundCommand] = []
        for draw in draws {
            commands.append(.grantBenefit(GrantBenefit(
                startup: partyID(startup), kind: draw.kind, quantity: draw.amount, provider: partyID(draw.provider),
                commitment: try commitmentFacts(draw.commitment), reference: "\(reference)-\(draw.tag)", grantedOn: day)))
        }
        commands.append(.grantBenefit(GrantBenefit(
            startup: partyID(startup), kind: .mentoring, quantity: .inKind(InKindQuantity(Int64(random.int(10...40)), .mentoringHours)),
            provider: partyID(fund), reference: "\(reference)-mentoring", grantedOn: day)))
        if random.chance(0.6) {
            commands.append(.grantBenefit(GrantBenefit(
                startup: partyID(startup), kind: .technology,
                quantity: .cash(Money(minorUnits: 100_000 * minorUnitsPerUnit(lab.currency), currency: lab.currency)),
                provider: partyID(lab.partner ?? company), reference: "\(reference)-platform", grantedOn: day)))
        }
        record(try rounds.append(round, commands, at: occurredAt()))
        for draw in draws {
            record(try commitments.append(draw.commitment, [.recordDisbursement(RecordDisbursement(
                amount: draw.amount, valueDate: day, reference: "\(reference)-\(draw.tag)"))], at: occurredAt()))
        }
        roundRecords[round].benefitsGranted += 1
        if index + 1 < plan.admitted.count {
            schedule(.roundBenefits(round: round), on: today + random.int(0...2), lab: plan.lab)
        }
    }

    /// One or two advisory board members mentor each admitted startup.
    mutating func roundMentors(_ round: Int) throws {
        let plan = roundRecords[round]
        guard rounds[round].graduatedOn == nil, !labRecords[plan.lab].advisors.isEmpty else { return }
        var commands: [RoundCommand] = []
        let day = try date(today)
        let board = Set(labRecords[plan.lab].advisors.map(\.id))
        for startup in plan.admitted {
            for mentor in random.sample(labRecords[plan.lab].advisors, count: random.int(1...2)) {
                commands.append(.assignMentor(AssignMentor(
                    startup: partyID(startup), mentor: mentor.id, assignedOn: day, person: mentor.data, labAdvisors: board)))
            }
        }
        for start in stride(from: 0, to: commands.count, by: 5) {
            record(try rounds.append(round, Array(commands[start..<min(start + 5, commands.count)]), at: occurredAt()))
        }
    }

    mutating func graduateRound(_ round: Int) throws {
        let plan = roundRecords[round]
        guard rounds[round].graduatedOn == nil, !rounds[round].admitted.isEmpty else { return }
        record(try rounds.append(round, [.graduate(GraduateCohort(graduatedOn: try date(today)))], at: occurredAt()))
        for commitment in [plan.cash, plan.compute, plan.office] {
            try close(commitment, reason: "The round's programme is over; the undrawn balance is released")
        }
    }
}
