import LabLedgerDomain

/// Funding commitments: each paying party commits its share of the operating budget for the
/// agreement's coming year and it is paid out monthly; a few payments bounce and are reversed
/// and paid again; amendments adjust what is committed; a commitment is closed when its period
/// ends, its cohort or round is over, or its agreement ends.
extension HistoryWorld {
    /// A new commitment stream under `agreement`, numbered within its lab.
    mutating func newCommitment(lab: Int, agreement: Int, plan: HistoryCommitment.Plan) throws -> Int {
        labRecords[lab].commitmentCount += 1
        let handle = try commitments.create(id: "\(labRecords[lab].key)-cmt-\(HistoryIdentifiers.padded(labRecords[lab].commitmentCount, 4))")
        commitmentRecords.append(HistoryCommitment(lab: lab, agreement: agreement, plan: plan))
        agreementRecords[agreement].commitments.append(handle)
        return handle
    }

    /// Commits `amount` from `funder` and returns the commitment.
    mutating func commit(
        lab: Int, agreement: Int, plan: HistoryCommitment.Plan, funder: Int, purpose: FundingPurpose, amount: Amount, period: DateRange
    ) throws -> Int {
        let commitment = try newCommitment(lab: lab, agreement: agreement, plan: plan)
        let command = CommitFunding(
            commitment: try CommitmentID(parsing: commitments.names[commitment].id), agreement: try agreementFacts(agreement).agreement,
            funder: partyID(funder), purpose: purpose, amount: amount, period: period,
            facts: CommitFundingFacts(agreement: try agreementFacts(agreement), lab: labFacts(lab)))
        record(try commitments.append(commitment, [.commit(command)], at: occurredAt()))
        return commitment
    }

    /// A year's operating budget, committed by each paying party in its cost share and paid monthly.
    mutating func fundYear(_ agreement: Int) throws {
        let lab = agreementRecords[agreement].lab
        guard isInForce(agreement: agreement), isActive(lab: lab), let term = agreements[agreement].term else { return }
        // An open-ended charter is funded only while its lab is active; a fixed term is funded to
        // its end, while the last students finish.
        guard term.to != nil || today < labRecords[lab].activeUntil else { return }
        let yearEnd = try HistoryDay.adding(years: 1, to: today)
        let periodEnd = term.to.map { min(HistoryDay.day($0), yearEnd) } ?? yearEnd
        guard periodEnd - today >= 60 else { return }
        let currency = labRecords[lab].currency
        let budget = Int64(random.int(2...12)) * 1_000_000 * minorUnitsPerUnit(currency)
        for share in agreements[agreement].costShares where share.basisPoints.rawValue > 0 {
            let amount = budget * Int64(share.basisPoints.rawValue) / 10_000 / minorUnitsPerUnit(currency) * minorUnitsPerUnit(currency)
            guard amount > 0 else { continue }
            let commitment = try commit(
                lab: lab, agreement: agreement, plan: .instalments(months: 1), funder: try partyHandle(share.party), purpose: .operating,
                amount: .cash(Money(minorUnits: amount, currency: currency)), period: try HistoryDay.range(today, periodEnd))
            schedule(.disburse(commitment: commitment), on: today + random.int(5...15), lab: lab)
        }
        if term.to.map({ yearEnd < HistoryDay.day($0) }) ?? true {
            schedule(.fundYear(agreement: agreement), on: yearEnd, lab: lab)
        }
    }

    /// The sponsor commits the whole project budget for the term, paid quarterly.
    mutating func commitSponsoredResearch(_ agreement: Int) throws {
        let plan = agreementRecords[agreement]
        guard let term = agreements[agreement].term, let end = term.to.map(HistoryDay.day), end - today >= 120,
            let sponsor = plan.parties.first(where: { $0.role == .sponsor })?.party
        else { return }
        let currency = labRecords[plan.lab].currency
        let amount = Int64(random.int(5...40)) * 100_000 * minorUnitsPerUnit(currency)
        let commitment = try commit(
            lab: plan.lab, agreement: agreement, plan: .instalments(months: 3), funder: sponsor, purpose: .operating,
            amount: .cash(Money(minorUnits: amount, currency: currency)), period: try HistoryDay.range(today, end))
        schedule(.disburse(commitment: commitment), on: today + random.int(5...20), lab: plan.lab)
    }

    /// One instalment: what is left, spread evenly over the instalments still due in the period.
    mutating func disburse(_ commitment: Int) throws {
        let state = commitments[commitment]
        let lab = commitmentRecords[commitment].lab
        guard state.closedOn == nil, case .instalments(let months) = commitmentRecords[commitment].plan,
            let committed = state.committed, let disbursed = state.disbursed, let end = state.period?.to.map(HistoryDay.day),
            case .cash(let money) = committed
        else { return }
        guard today < end else {
            try close(commitment, reason: "The commitment period has ended")
            return
        }
        var due = 0
        var day = today
        while day < end {
            due += 1
            day = try HistoryDay.adding(months: months, to: day)
        }
        let balance = committed.units - disbursed.units
        let unit = minorUnitsPerUnit(money.currency)
        let amount = due == 1 ? balance : balance / Int64(due) / unit * unit
        let next = try HistoryDay.adding(months: months, to: today)
        if amount > 0 {
            commitmentRecords[commitment].disbursementCount += 1
            let reference = "\(commitments.names[commitment].id)-\(commitmentRecords[commitment].disbursementCount)"
            record(try commitments.append(commitment, [.recordDisbursement(RecordDisbursement(
                amount: .cash(Money(minorUnits: amount, currency: money.currency)), valueDate: try date(today), reference: reference))], at: occurredAt()))
            if coverage.take(.reversal, probability: 0.02, random: &random) {
                schedule(.reverseDisbursement(commitment: commitment, reference: reference), on: today + random.int(2...9), lab: lab)
            }
        }
        schedule(next < end ? .disburse(commitment: commitment) : .closeCommitment(commitment: commitment), on: min(next, end), lab: lab)
    }

    /// A payment returned by the bank is reversed; if the period still runs it is paid again
    /// under a new reference, in the same append.
    mutating func reverseDisbursement(_ commitment: Int, reference: String) throws {
        let state = commitments[commitment]
        guard state.closedOn == nil, let original = state.disbursements[reference], !original.reversed,
            let period = state.period
        else { return }
        var commands: [FundingCommand] = [.reverseDisbursement(ReverseDisbursement(
            reference: reference, reason: "Returned by the bank: the beneficiary account details were wrong", reversedOn: try date(today)))]
        if period.contains(try date(today)) {
            commands.append(.recordDisbursement(RecordDisbursement(amount: original.amount, valueDate: try date(today), reference: "\(reference)-r")))
        }
        record(try commitments.append(commitment, commands, at: occurredAt()))
    }

    mutating func close(_ commitment: Int, reason: String) throws {
        guard let period = commitments[commitment].period, commitments[commitment].closedOn == nil else { return }
        let closedOn = try date(max(today, HistoryDay.day(period.from)))
        record(try commitments.append(commitment, [.close(CloseCommitment(closedOn: closedOn, reason: reason))], at: occurredAt()))
    }

    mutating func closeCommitment(_ commitment: Int) throws {
        try close(commitment, reason: "The commitment period has ended; any undisbursed balance is released")
    }

    mutating func closeCommitments(of agreement: Int, reason: String) throws {
        for commitment in agreementRecords[agreement].commitments { try close(commitment, reason: reason) }
    }

    /// After an amendment, each open instalment commitment under the agreement is adjusted:
    /// mostly raised, sometimes cut — never below what was already paid out, never to zero.
    mutating func adjustCommitments(of agreement: Int, amendment: Int) throws {
        for commitment in agreementRecords[agreement].commitments {
            let state = commitments[commitment]
            guard state.closedOn == nil, case .instalments = commitmentRecords[commitment].plan,
                let committed = state.committed, let disbursed = state.disbursed, case .cash(let money) = committed
            else { continue }
            let unit = minorUnitsPerUnit(money.currency)
            let balance = committed.units - disbursed.units
            var delta = committed.units * Int64(random.int(5...15)) / 100 / unit * unit
            if random.chance(0.3), balance / 2 / unit * unit > 0 { delta = -(balance * Int64(random.int(10...50)) / 100 / unit * unit) }
            guard delta != 0, committed.units + delta > 0, committed.units + delta >= disbursed.units else { continue }
            record(try commitments.append(commitment, [.adjust(AdjustCommitment(
                delta: .cash(Money(minorUnits: delta, currency: money.currency)), amendment: amendment,
                agreement: try agreementFacts(agreement)))], at: occurredAt()))
        }
    }

    /// Minor units in one unit of the currency (100 for HKD, 1 for JPY).
    func minorUnitsPerUnit(_ currency: CurrencyCode) -> Int64 {
        (0..<currency.exponent).reduce(1) { value, _ in value * 10 }
    }
}
