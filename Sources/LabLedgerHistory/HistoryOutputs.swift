import LabLedgerDomain

/// Research outputs: while a lab is active it registers papers, software, datasets and patents
/// at its own pace. Each is submitted for validation and validated by a lab member; some are
/// corrected (before validation, or after it — then validated again); under an agreement with a
/// publication-review clause the sponsors review it and publication waits for their clearance
/// or the end of the window; a few are withdrawn; some ground an invention disclosure.
extension HistoryWorld {
    mutating func registerOutput(_ lab: Int) throws {
        let plan = labRecords[lab]
        guard isActive(lab: lab), today < plan.activeUntil else { return }
        let gap = max(1, 365 / max(1, plan.outputsPerYear))
        schedule(.registerOutput(lab: lab), on: today + random.int(1...(2 * gap)), lab: lab)
        guard !plan.researchers.isEmpty else { return }

        let kind: OutputKind = switch random.int(0...99) {
        case 0..<60: .paper
        case 60..<72: .software
        case 72..<84: .dataset
        default: .patent
        }
        let agreement = outputAgreement(lab)
        labRecords[lab].outputCount += 1
        let number = labRecords[lab].outputCount
        let output = try outputs.create(id: "\(plan.key)-out-\(HistoryIdentifiers.padded(number, 6))")
        let id = try OutputID(parsing: outputs.names[output].id)
        let year = try HistoryDay.year(today)
        let wantsDOI = kind == .paper ? random.chance(0.9) : kind == .patent ? false : random.chance(0.6)
        let doi = wantsDOI ? try HistoryIdentifiers.doi(registrant: random.element(HistoryIdentifiers.doiRegistrants), lab: plan.key, year: year, number: number) : nil
        var contributors: [OutputContributor] = []
        for orcid in random.sample(plan.researchers, count: random.int(1...5)) {
            var roles = random.sample(CreditRole.allCases, count: random.int(1...3))
            roles.sort()
            contributors.append(OutputContributor(orcid: orcid, creditRoles: roles))
        }
        let affiliations = outputAffiliations(lab)
        let facts = OutputRegistrationFacts(
            lab: labFacts(lab), agreement: try agreement.map(agreementFacts), doi: doi.map(doiFacts), parties: known(affiliations))
        var commands: [OutputCommand] = [.register(RegisterOutput(
            output: id, lab: plan.id, kind: kind, title: title(kind), doi: doi, contributors: contributors,
            affiliations: affiliations.map(partyID), agreement: try agreement.map { try agreementFacts($0).agreement },
            date: try date(today), facts: facts))]
        let correctsBefore = coverage.take(.outputCorrection, probability: 0.05, random: &random)
        if !correctsBefore, random.chance(0.5) { commands.append(.submitForValidation(SubmitOutputForValidation(submittedOn: try date(today)))) }
        record(try outputs.append(output, commands, at: occurredAt()))
        if let doi { doiRegistry[doi.normalized] = id }

        let withdraws = coverage.take(.outputWithdrawal, probability: 0.02, random: &random)
        let correctsAfter = !withdraws && coverage.take(.correctionAfterValidation, probability: 0.03, random: &random)
        let discloses = !withdraws && agreement != nil
            && (kind == .patent ? random.chance(0.7) : coverage.take(.disclosure, probability: 0.05, random: &random))
        outputRecords.append(HistoryOutput(
            lab: lab, agreement: agreement, correctsBeforeValidation: correctsBefore, correctsAfterValidation: correctsAfter,
            withdraws: withdraws, disclosesInvention: discloses))
        schedule(.advanceOutput(output: output), on: today + random.int(3...12), lab: lab)
    }

    /// The agreement an output is produced under: mostly the lab's main agreement, sometimes a
    /// sponsored project in force, now and then none.
    private mutating func outputAgreement(_ lab: Int) -> Int? {
        let projects = labRecords[lab].sponsoredResearch.filter { isInForce(agreement: $0) }
        if !projects.isEmpty, random.chance(0.3) { return random.element(projects) }
        guard let main = labRecords[lab].mainAgreement, agreements[main].executedOn != nil, random.chance(0.9) else { return nil }
        return main
    }

    /// The lab's university and sponsor, or its founding companies when it has neither.
    private func outputAffiliations(_ lab: Int) -> [Int] {
        let plan = labRecords[lab]
        let named = [plan.university, plan.sponsor].compactMap { $0 }
        let parties = named.isEmpty ? plan.founders.map(\.party) : named
        return parties.filter(isRegistered)
    }

    private mutating func title(_ kind: OutputKind) -> String {
        let subject = "\(random.element(HistoryNames.titleOpenings)) \(random.element(HistoryNames.titleSubjects)) \(random.element(HistoryNames.titleSettings))"
        return switch kind {
        case .paper: subject
        case .software: "Toolkit for \(subject.lowercased())"
        case .dataset: "Benchmark dataset: \(subject.lowercased())"
        case .patent: "Method and system for \(subject.lowercased())"
        }
    }

    /// The output's next step on its way to publication.
    mutating func advanceOutput(_ output: Int) throws {
        let state = outputs[output]
        let plan = outputRecords[output]
        guard state.withdrawnOn == nil, state.publishedOn == nil else { return }
        let next = today + random.int(3...15)
        switch state.validation {
        case .draft:
            var commands: [OutputCommand] = []
            if plan.correctsBeforeValidation, !plan.corrected {
                commands.append(try correction(output, reason: "A contributor's name was misattributed in the title page"))
                outputRecords[output].corrected = true
            }
            commands.append(.submitForValidation(SubmitOutputForValidation(submittedOn: try date(today))))
            record(try outputs.append(output, commands, at: occurredAt()))
            schedule(.advanceOutput(output: output), on: next, lab: plan.lab)
        case .submitted:
            guard let validator = validator(plan.lab) else { return }
            record(try outputs.append(output, [.validate(ValidateOutput(
                validatedBy: partyID(validator), validatedOn: try date(today), lab: labFacts(plan.lab)))], at: occurredAt()))
            schedule(.advanceOutput(output: output), on: next, lab: plan.lab)
        case .validated:
            try advanceValidated(output, next: next)
        }
    }

    private mutating func advanceValidated(_ output: Int, next: Int) throws {
        let plan = outputRecords[output]
        if plan.correctsAfterValidation, !plan.correctedAfterValidation {
            outputRecords[output].correctedAfterValidation = true
            record(try outputs.append(output, [try correction(output, reason: "The evaluation table reported the wrong split; figures corrected")], at: occurredAt()))
            schedule(.advanceOutput(output: output), on: next, lab: plan.lab)
            return
        }
        if plan.withdraws {
            record(try outputs.append(output, [.withdraw(WithdrawOutput(
                reason: "Withdrawn by the authors: a data-processing error invalidates the main result", withdrawnOn: try date(today)))], at: occurredAt()))
            return
        }
        if plan.disclosesInvention, !plan.disclosed {
            outputRecords[output].disclosed = true
            try discloseInvention(from: output)
        }
        guard let agreement = plan.agreement else {
            try publish(output, agreement: nil)
            return
        }
        let facts = try agreementFacts(agreement)
        let days = facts.ipTerms.publicationReviewDays
        let reviewers = parties(of: facts, in: [.sponsor, .industryPartner])
        guard days > 0, !reviewers.isEmpty else {
            try publish(output, agreement: facts)
            return
        }
        guard let review = outputs[output].review else {
            record(try outputs.append(output, [.requestPublicationReview(RequestPublicationReview(
                requestedOn: try date(today), agreement: facts))], at: occurredAt()))
            // Most reviewers clear within the window; publication follows the last clearance or
            // the window's end, whichever comes first.
            var lastClearance = today
            var allClear = true
            for reviewer in reviewers {
                if random.chance(0.85) {
                    let day = today + random.int(1...(days - 1))
                    lastClearance = max(lastClearance, day)
                    schedule(.clearReview(output: output, reviewer: try partyHandle(reviewer)), on: day, lab: plan.lab)
                } else {
                    allClear = false
                }
            }
            schedule(.advanceOutput(output: output), on: allClear ? lastClearance + 1 : today + days, lab: plan.lab)
            return
        }
        if review.allowsPublication(on: try date(today)) {
            try publish(output, agreement: facts)
        } else {
            schedule(.advanceOutput(output: output), on: HistoryDay.day(review.endsOn), lab: plan.lab)
        }
    }

    mutating func clearReview(_ output: Int, reviewer: Int) throws {
        let state = outputs[output]
        guard state.withdrawnOn == nil, state.publishedOn == nil, let review = state.review,
            review.reviewers.contains(partyID(reviewer)), !review.clearedBy.contains(partyID(reviewer))
        else { return }
        record(try outputs.append(output, [.clearPublicationReview(ClearPublicationReview(
            reviewer: partyID(reviewer), clearedOn: try date(today)))], at: occurredAt()))
    }

    private mutating func publish(_ output: Int, agreement: AgreementFacts?) throws {
        let venue = switch outputs[output].kind {
        case .software: "GitHub release"
        case .dataset: "Zenodo"
        case .patent: "CNIPA publication"
        case .paper, nil: "\(random.element(HistoryNames.venues)) \(try HistoryDay.year(today))"
        }
        record(try outputs.append(output, [.publish(PublishOutput(publishedOn: try date(today), venue: venue, agreement: agreement))], at: occurredAt()))
    }

    /// A correction of the title, which always changes something.
    private func correction(_ output: Int, reason: String) throws -> OutputCommand {
        .correct(CorrectOutput(reason: reason, correctedOn: try date(today), title: "\(outputs[output].title) (revised)", parties: KnownParties([])))
    }

    /// The member that validates the lab's outputs: its university if it has one, else a founder.
    private func validator(_ lab: Int) -> Int? {
        let members = labs[lab].members
        let plan = labRecords[lab]
        let candidates = [plan.university, plan.sponsor, plan.partner].compactMap { $0 } + plan.founders.map(\.party)
        return candidates.first { members[partyID($0)] != nil }
    }
}
