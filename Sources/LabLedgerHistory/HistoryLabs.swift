import LabLedgerDomain

/// A lab's own stream over its life: founding (with its first advisor and, for HKAI Lab, the
/// fund that joins as funder), advisors, members who join and leave, the yearly review that
/// amends or extends its agreement, and — for some labs — dissolution once everything it runs
/// has ended.
extension HistoryWorld {
    mutating func registerFounders(_ lab: Int) throws {
        let plan = labRecords[lab]
        for founder in plan.founders { try ensureRegistered(founder.party) }
        if let member = plan.foundingMember { try ensureRegistered(member.party) }
        schedule(.foundLab(lab: lab), on: plan.foundedOn, lab: lab)
    }

    mutating func foundLab(_ lab: Int) throws {
        let plan = labRecords[lab]
        let today = try date(self.today)
        let known = self.known(plan.founders.map(\.party) + (plan.foundingMember.map { [$0.party] } ?? []))
        var commands: [LabCommand] = [.found(FoundLab(
            lab: plan.id, name: plan.name, founders: plan.founders.map { LabParty(party: partyID($0.party), role: $0.role) },
            foundedOn: today, researchAreas: plan.researchAreas, parties: known))]
        if let member = plan.foundingMember {
            commands.append(.admitMember(AdmitMember(party: partyID(member.party), role: member.role, admittedOn: today, parties: known)))
        }
        commands.append(.recordProfile(RecordLabProfile(profile: profile(plan), recordedOn: today)))
        commands.append(try appointment(lab))
        record(try labs.append(lab, commands, at: occurredAt()))

        for _ in 0..<random.int(8...20) { labRecords[lab].researchers.append(try nextORCID()) }
        if let mou = plan.mou {
            schedule(.draftAgreement(agreement: mou), on: self.today, lab: lab)
        }
        if let main = plan.mainAgreement {
            let delay = plan.mou == nil ? 0 : plan.kind == .pilot ? random.int(20...40) : random.int(45...120)
            schedule(.draftAgreement(agreement: main), on: self.today + delay, lab: lab)
        }
        // Accelerator labs need a few advisors early: they mentor the first cohort.
        for _ in 0..<(plan.kind == .accelerator ? random.int(3...4) : random.int(1...2)) {
            schedule(.appointAdvisor(lab: lab), on: self.today + random.int(7...90), lab: lab)
        }
        schedule(.registerOutput(lab: lab), on: self.today + random.int(30...90), lab: lab)
        if plan.kind == .pilot {
            schedule(.admitMember(lab: lab), on: self.today + random.int(60...150), lab: lab)
            schedule(.windDown(lab: lab), on: plan.activeUntil, lab: lab)
        } else {
            schedule(.labYear(lab: lab, year: 1), on: try HistoryDay.adding(years: 1, to: self.today), lab: lab)
        }
    }

    /// What the lab is, recorded on its founding day without drawing on the random source (so
    /// the rest of a seed's history stays as it was): an accelerator is a non-profit whose
    /// operating costs its founding member (HKAI Lab's fund) shares; a research lab is
    /// financially independent.
    private func profile(_ plan: HistoryLab) -> LabProfile {
        guard plan.kind == .accelerator else {
            return LabProfile(nonProfit: false, financiallyIndependent: true, operatingCostSharers: [])
        }
        return LabProfile(
            nonProfit: true, financiallyIndependent: false, operatingCostSharers: plan.foundingMember.map { [partyID($0.party)] } ?? [])
    }

    /// A new advisory board member, remembered so accelerator rounds can assign them as mentors.
    private mutating func appointment(_ lab: Int) throws -> LabCommand {
        let advisor = try newPerson(emailDomain: "example.org", researcher: random.chance(0.5))
        labRecords[lab].advisors.append(advisor)
        return .appointAdvisoryBoardMember(AppointAdvisoryBoardMember(
            advisor: advisor.id, orcid: advisor.orcid, expertise: random.element(HistoryNames.expertise),
            appointedOn: try date(today), person: advisor.data))
    }

    mutating func appointAdvisor(_ lab: Int) throws {
        guard isActive(lab: lab) else { return }
        let command = try appointment(lab)
        record(try labs.append(lab, [command], at: occurredAt()))
    }

    /// The anniversary review: the agreement may be amended (its term extended once, in year
    /// three, so later cohorts fit), a member may join, advisors are added, a company may sponsor
    /// a project. After the active years, a lab that dissolves is dissolved once its work ends.
    mutating func labYear(_ lab: Int, year: Int) throws {
        guard isActive(lab: lab) else { return }
        let plan = labRecords[lab]
        guard today < plan.activeUntil else {
            if plan.dissolves {
                let termEnd = plan.mainAgreement.flatMap { agreements[$0].term?.to }.map(HistoryDay.day) ?? today
                schedule(.dissolveLab(lab: lab), on: max(today, termEnd) + random.int(30...90), lab: lab)
            }
            return
        }
        // An amendment takes effect within the term, so none is made on the day the term ends.
        if let main = plan.mainAgreement, isInForce(agreement: main), agreements[main].term?.contains(try date(today)) == true {
            let agreement = agreementRecords[main]
            let end = agreements[main].term?.to.map(HistoryDay.day)
            if year >= 3, !agreement.extended, let target = agreement.extendsTo, let end, end < target {
                try amend(main, extendingTo: target)
            } else if coverage.take(.amendment, probability: 0.3, random: &random) {
                try amend(main, extendingTo: nil)
            }
        }
        if plan.kind == .joint, coverage.take(.memberAdmission, probability: 0.2, random: &random) {
            schedule(.admitMember(lab: lab), on: today + random.int(10...200), lab: lab)
        }
        if random.chance(0.5) { schedule(.appointAdvisor(lab: lab), on: today + random.int(10...300), lab: lab) }
        if plan.kind == .joint, plan.university != nil, random.chance(0.3) {
            try planSponsoredResearch(lab)
        }
        schedule(.labYear(lab: lab, year: year + 1), on: try HistoryDay.adding(years: 1, to: today), lab: lab)
    }

    /// A new company joins as an industry partner; some leave again later.
    mutating func admitMember(_ lab: Int) throws {
        guard isActive(lab: lab), today < labRecords[lab].activeUntil else { return }
        let country = labRecords[lab].currency.rawValue == "HKD" ? "HK" : "CN"
        let company = try newCompany(country: country)
        try ensureRegistered(company)
        record(try labs.append(lab, [.admitMember(AdmitMember(
            party: partyID(company), role: .industryPartner, admittedOn: try date(today), parties: known([company])))], at: occurredAt()))
        labRecords[lab].admitted.append(company)
        licensees.append(company)
        if labRecords[lab].kind != .pilot, coverage.take(.memberDeparture, probability: 0.4, random: &random) {
            schedule(.departMember(lab: lab, party: company), on: today + random.int(180...700), lab: lab)
        }
    }

    mutating func departMember(_ lab: Int, party: Int) throws {
        guard isActive(lab: lab), labs[lab].members[partyID(party)] != nil, labs[lab].members.count > 2 else { return }
        record(try labs.append(lab, [.recordDeparture(RecordMemberDeparture(
            party: partyID(party), departedOn: try date(today), reason: "Refocused its research budget and withdrew from the lab"))], at: occurredAt()))
    }

    /// A pilot that did not go on: its admitted members leave, its placements and agreements are
    /// ended, and the lab is dissolved a few weeks later.
    mutating func windDown(_ lab: Int) throws {
        guard isActive(lab: lab) else { return }
        var departures: [LabCommand] = []
        var members = labs[lab].members.count
        for party in labRecords[lab].admitted where labs[lab].members[partyID(party)] != nil && members > 2 && departures.count < 5 {
            departures.append(.recordDeparture(RecordMemberDeparture(
                party: partyID(party), departedOn: try date(today), reason: "The pilot ended without a full agreement")))
            members -= 1
        }
        if !departures.isEmpty { record(try labs.append(lab, departures, at: occurredAt())) }
        for placement in labRecords[lab].placements { try endPlacementEarly(placement, reason: .terminated) }
        for agreement in labAgreements(lab) where agreementRecords[agreement].purpose != .mou {
            try terminate(agreement, reason: "The pilot concluded and the parties did not proceed to a full joint lab")
        }
        schedule(.dissolveLab(lab: lab), on: today + random.int(14...60), lab: lab)
    }

    /// Dissolves the lab once its placements and rounds are over, ending what still runs.
    mutating func dissolveLab(_ lab: Int) throws {
        guard isActive(lab: lab) else { return }
        let busy = labRecords[lab].placements.contains { placements[$0].endedOn == nil }
            || labRecords[lab].rounds.contains { rounds[$0].graduatedOn == nil }
        guard !busy else {
            schedule(.dissolveLab(lab: lab), on: today + 60, lab: lab)
            return
        }
        for agreement in labAgreements(lab) {
            try terminate(agreement, reason: "The lab was dissolved")
        }
        record(try labs.append(lab, [.dissolve(DissolveLab(
            dissolvedOn: try date(today), reason: "The joint lab completed its programme and the founders dissolved it"))], at: occurredAt()))
    }

    /// Every agreement the lab has planned, main first.
    func labAgreements(_ lab: Int) -> [Int] {
        let plan = labRecords[lab]
        return [plan.mainAgreement, plan.mou].compactMap { $0 } + plan.sponsoredResearch
    }
}
