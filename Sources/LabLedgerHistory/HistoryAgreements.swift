import LabLedgerDomain

/// Agreements: drafted once the lab exists, signed by every party (on drafting day, or one by
/// one over the following days), amended on the lab's anniversaries, and ended — an MOU or a
/// fixed-term agreement expires at the end of its term, a sponsored project or a pilot may be
/// terminated early, and whatever still runs is terminated when its lab is dissolved.
extension HistoryWorld {
    mutating func draftAgreement(_ agreement: Int) throws {
        let plan = agreementRecords[agreement]
        guard isActive(lab: plan.lab), agreements[agreement].status == .notDrafted else { return }
        for party in plan.parties { try ensureRegistered(party.party) }
        let start = plan.termStart ?? today
        let end = try plan.termEnd ?? plan.termMonths.map { try HistoryDay.adding(months: $0, to: start) }
        let draft = DraftAgreement(
            agreement: try AgreementID(parsing: agreements.names[agreement].id), lab: labRecords[plan.lab].id, kind: plan.kind,
            title: plan.title, parties: plan.parties.map { AgreementParty(party: partyID($0.party), role: $0.role) },
            costShares: try plan.costShares.map { CostShare(party: partyID($0.party), basisPoints: try BasisPoints($0.basisPoints)) },
            ipTerms: plan.ipTerms, term: try HistoryDay.range(start, end), draftedOn: try date(today),
            facts: AgreementDraftingFacts(lab: labFacts(plan.lab), parties: known(plan.parties.map(\.party))))
        var commands: [AgreementCommand] = [.draft(draft)]
        if plan.signsAtOnce {
            for party in plan.parties { commands.append(try signature(party.party)) }
            agreementRecords[agreement].signed = plan.parties.count
        }
        record(try agreements.append(agreement, commands, at: occurredAt()))
        try afterSigning(agreement)
    }

    mutating func signAgreement(_ agreement: Int) throws {
        guard agreements[agreement].status == .drafted else { return }
        let plan = agreementRecords[agreement]
        let count = min(plan.parties.count - plan.signed, random.chance(0.3) ? 2 : 1)
        var commands: [AgreementCommand] = []
        for party in plan.parties[plan.signed..<(plan.signed + count)] { commands.append(try signature(party.party)) }
        agreementRecords[agreement].signed += count
        record(try agreements.append(agreement, commands, at: occurredAt()))
        try afterSigning(agreement)
    }

    /// A party's signature, by a newly met signatory whose name is personal data.
    private mutating func signature(_ party: Int) throws -> AgreementCommand {
        let signatory = try newPerson(emailDomain: "example.com", researcher: false)
        return .sign(SignAgreement(
            party: partyID(party), signatory: signatory.id,
            signatoryTitle: random.element(HistoryNames.signatoryTitles(partyRecords[party].registration.kind)),
            signedOn: try date(today), person: signatory.data))
    }

    /// Schedules the next signature, or — once every party has signed — what the agreement sets
    /// going: funding, students, rounds, its own end.
    private mutating func afterSigning(_ agreement: Int) throws {
        let plan = agreementRecords[agreement]
        guard agreements[agreement].status == .executed else {
            schedule(.signAgreement(agreement: agreement), on: today + random.int(1...10), lab: plan.lab)
            return
        }
        let lab = labRecords[plan.lab]
        let end = agreements[agreement].term?.to.map(HistoryDay.day)
        switch plan.purpose {
        case .mou:
            break
        case .jointLab:
            schedule(.fundYear(agreement: agreement), on: today + random.int(0...14), lab: plan.lab)
            if lab.cohortSize.upperBound > 0, lab.university != nil, lab.sponsor != nil {
                schedule(.awardCohort(lab: plan.lab), on: try HistoryDay.next(month: 7, day: 1, onOrAfter: today + 14), lab: plan.lab)
            }
            if lab.university != nil {
                schedule(.appointPostdoc(lab: plan.lab), on: today + random.int(30...150), lab: plan.lab)
            }
        case .charter:
            schedule(.fundYear(agreement: agreement), on: today + random.int(0...14), lab: plan.lab)
            let march = try HistoryDay.next(month: 3, day: 1, onOrAfter: today + 45)
            let september = try HistoryDay.next(month: 9, day: 1, onOrAfter: today + 45)
            let opens = min(march, september)
            schedule(.openRound(lab: plan.lab, windowOpens: opens), on: opens - random.int(10...20), lab: plan.lab)
        case .sponsoredResearch:
            try commitSponsoredResearch(agreement)
        }
        if let ending = plan.terminatesOn ?? end {
            schedule(.endAgreement(agreement: agreement), on: ending, lab: plan.lab)
        }
    }

    /// At the end of the term the agreement expires, unless an amendment moved the end (then
    /// this step waits for the new end) or the story terminates it early.
    mutating func endAgreement(_ agreement: Int) throws {
        guard isInForce(agreement: agreement) else { return }
        if let terminatesOn = agreementRecords[agreement].terminatesOn, terminatesOn <= today {
            try terminate(agreement, reason: "The sponsor ended the project early after a change of strategy")
            return
        }
        guard let end = agreements[agreement].term?.to.map(HistoryDay.day) else { return }
        guard end <= today else {
            schedule(.endAgreement(agreement: agreement), on: end, lab: agreementRecords[agreement].lab)
            return
        }
        record(try agreements.append(agreement, [.expire(ExpireAgreement(expiredOn: try date(today)))], at: occurredAt()))
        try closeCommitments(of: agreement, reason: "The agreement expired")
    }

    /// Terminates an agreement still in force and closes what was committed under it.
    mutating func terminate(_ agreement: Int, reason: String) throws {
        guard isInForce(agreement: agreement) else { return }
        record(try agreements.append(agreement, [.terminate(TerminateAgreement(reason: reason, effectiveOn: try date(today)))], at: occurredAt()))
        try closeCommitments(of: agreement, reason: "The agreement was terminated")
    }

    /// The next amendment: an extended term when `extendingTo` is given; otherwise new cost
    /// shares (when more than one party pays) or a longer publication review. Commitments under
    /// the agreement are then adjusted, citing the amendment.
    mutating func amend(_ agreement: Int, extendingTo newEnd: Int?) throws {
        let state = agreements[agreement]
        guard let term = state.term, let terms = state.ipTerms else { return }
        let number = (state.amendments.last ?? 0) + 1
        let changes: AmendmentChanges
        if let newEnd {
            changes = AmendmentChanges(summary: "Renewal: the term is extended to \(try date(newEnd))", term: try term.ending(try date(newEnd)))
            agreementRecords[agreement].extended = true
        } else if state.costShares.count >= 2 {
            let first = random.int(2...8) * 1000
            var shares = state.costShares.enumerated().map { index, share in
                CostShare(party: share.party, basisPoints: index == 0 ? BasisPoints.zero : share.basisPoints)
            }
            let others = state.costShares.dropFirst().reduce(0) { $0 + $1.basisPoints.rawValue }
            // The first payer takes `first`; the others share the rest in their old proportions.
            var left = 10_000 - first
            for index in shares.indices.dropFirst() {
                let share = index == shares.count - 1 ? left : (10_000 - first) * state.costShares[index].basisPoints.rawValue / max(1, others)
                shares[index] = CostShare(party: shares[index].party, basisPoints: try BasisPoints(share))
                left -= share
            }
            shares[0] = CostShare(party: shares[0].party, basisPoints: try BasisPoints(first))
            changes = AmendmentChanges(summary: "Cost shares rebalanced for the coming year", costShares: shares)
        } else {
            let days = terms.publicationReviewDays == 0 ? 30 : min(90, terms.publicationReviewDays + 15)
            changes = AmendmentChanges(
                summary: "Publication review period set to \(days) days",
                ipTerms: IPTerms(ownership: terms.ownership, sponsorOptionDays: terms.sponsorOptionDays, publicationReviewDays: days))
        }
        record(try agreements.append(agreement, [.amend(AmendAgreement(number: number, changes: changes, effectiveFrom: try date(today)))], at: occurredAt()))
        if newEnd == nil { try adjustCommitments(of: agreement, amendment: number) }
    }

    /// A two- or three-year project a company sponsors at the lab's university, with the sponsor
    /// owning results; a quarter of them are ended early.
    mutating func planSponsoredResearch(_ lab: Int) throws {
        guard let university = labRecords[lab].university else { return }
        let country = partyRecords[university].registration.country.rawValue
        let sponsor = random.chance(0.5) ? try newCompany(country: country) : labRecords[lab].sponsor ?? university
        guard sponsor != university else { return }
        let months = random.element([24, 36])
        let starts = today + random.int(10...120)
        let agreement = try addAgreement(HistoryAgreement(
            lab: lab, purpose: .sponsoredResearch, kind: .sponsoredResearch,
            title: "Sponsored research on \(random.element(HistoryNames.titleSubjects))",
            parties: [HistoryAgreement.Party(party: sponsor, role: .sponsor), HistoryAgreement.Party(party: university, role: .university)],
            costShares: [(sponsor, 10_000)], ipTerms: IPTerms(ownership: .sponsor, sponsorOptionDays: 60, publicationReviewDays: 30),
            termStart: nil, termEnd: nil, termMonths: months, signsAtOnce: random.chance(0.5), extendsTo: nil,
            terminatesOn: random.chance(0.25) ? starts + random.int(200...600) : nil))
        labRecords[lab].sponsoredResearch.append(agreement)
        if !licensees.contains(sponsor) { licensees.append(sponsor) }
        schedule(.draftAgreement(agreement: agreement), on: starts, lab: lab)
    }
}
