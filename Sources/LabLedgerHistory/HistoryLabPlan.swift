import LabLedgerDomain

/// Plans new labs: their founders (new fictional companies, funds and hosts beside real
/// universities), their agreements, and how long and how busily they run.
enum HistoryLabPlan {
    /// Roughly what a generated lab produces in its main life; it sets how many labs a month the
    /// census may found. The census itself works from each lab's own estimate.
    static let typicalEvents = 2_500

    /// Events a lab of `kind` active for `years` is expected to produce in its main life
    /// (measured: a joint lab makes about 550 a year of active life, an accelerator lab 450,
    /// a pilot about 120 in all).
    static func expectedEvents(_ kind: HistoryLab.Kind, years: Int) -> Int {
        switch kind {
        case .pilot: 120
        case .accelerator: 450 * years
        case .joint: 550 * years
        }
    }
}

extension HistoryWorld {
    mutating func planGeneratedLab(kind: HistoryLab.Kind, foundedOn: Int) throws -> Int {
        generatedLabCount += 1
        let number = HistoryIdentifiers.padded(generatedLabCount, 4)
        let area = random.element(HistoryNames.areas)
        let areas = [area] + random.sample(HistoryNames.areas.filter { $0 != area }, count: random.int(0...2))
        let title = area.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
        switch kind {
        case .accelerator:
            return try planAcceleratorLab(number: number, areas: areas, foundedOn: foundedOn)
        case .joint, .pilot:
            let university = try university(random.int(0...(HistoryNames.universities.count - 1)))
            let country = partyRecords[university].registration.country.rawValue
            let sponsor = try newCompany(country: country)
            let partner = kind == .joint && random.chance(0.35) ? try newCompany(country: country) : nil
            let host = kind == .joint && random.chance(0.2) ? try newHost(country: country) : nil
            var founders = [HistoryLab.Founder(party: university, role: .university), HistoryLab.Founder(party: sponsor, role: .industryPartner)]
            if let partner { founders.append(HistoryLab.Founder(party: partner, role: .industryPartner)) }
            if let host { founders.append(HistoryLab.Founder(party: host, role: .host)) }
            let years = kind == .pilot ? 1 : random.int(3...6)
            let activeUntil = kind == .pilot
                ? foundedOn + random.int(330...450)
                : try HistoryDay.adding(years: years, to: foundedOn)
            var lab = HistoryLab(
                id: try LabID(parsing: "gba-lab-\(number)"), key: "gba\(number)",
                name: kind == .pilot ? "\(title) Pilot Lab \(number)" : "Greater Bay \(title) Joint Lab \(number)",
                kind: kind, researchAreas: areas, foundedOn: foundedOn, activeUntil: activeUntil,
                dissolves: kind == .pilot || random.chance(0.35),
                currency: try CurrencyCode(parsing: country == "HK" ? "HKD" : "CNY"),
                outputsPerYear: kind == .pilot ? random.int(6...12) : random.int(12...36),
                cohortSize: kind == .pilot ? 0...0 : 2...random.int(3...5),
                founders: founders, foundingMember: nil,
                eventsExpected: HistoryLabPlan.expectedEvents(kind, years: years))
            lab.university = university
            lab.sponsor = sponsor
            lab.partner = partner
            lab.host = host
            let handle = try addLab(lab)
            try planJointAgreements(lab: handle)
            return handle
        }
    }

    private mutating func planAcceleratorLab(number: String, areas: [String], foundedOn: Int) throws -> Int {
        let company = try newCompany(country: "HK")
        let partner = random.chance(0.5) ? try newCompany(country: "HK") : nil
        let host = try newHost(country: "HK")
        let fund = try newFund()
        var founders = [HistoryLab.Founder(party: company, role: .industryPartner), HistoryLab.Founder(party: host, role: .host)]
        if let partner { founders.append(HistoryLab.Founder(party: partner, role: .industryPartner)) }
        let years = random.int(4...7)
        let place = random.element(HistoryNames.hongKongPlaces)
        var lab = HistoryLab(
            id: try LabID(parsing: "gba-lab-\(number)"), key: "gba\(number)", name: "\(place) AI Accelerator Lab \(number)",
            kind: .accelerator, researchAreas: areas + ["startup acceleration"], foundedOn: foundedOn,
            activeUntil: try HistoryDay.adding(years: years, to: foundedOn), dissolves: random.chance(0.3),
            currency: try CurrencyCode(parsing: "HKD"), outputsPerYear: random.int(4...12), cohortSize: 0...0,
            founders: founders, foundingMember: HistoryLab.Founder(party: fund, role: .funder),
            eventsExpected: HistoryLabPlan.expectedEvents(.accelerator, years: years))
        lab.sponsor = company
        lab.partner = partner
        lab.host = host
        lab.fund = fund
        let handle = try addLab(lab)
        var parties = [HistoryAgreement.Party(party: company, role: .industryPartner)]
        if let partner { parties.append(HistoryAgreement.Party(party: partner, role: .industryPartner)) }
        parties += [HistoryAgreement.Party(party: host, role: .host), HistoryAgreement.Party(party: fund, role: .funder)]
        let charter = try addAgreement(HistoryAgreement(
            lab: handle, purpose: .charter, kind: .acceleratorCharter, title: "\(lab.name) accelerator charter", parties: parties,
            costShares: [(fund, 5000), (company, 5000)], ipTerms: IPTerms(ownership: .byInventorship, sponsorOptionDays: 0, publicationReviewDays: 0),
            termStart: nil, termEnd: nil, termMonths: nil, signsAtOnce: random.chance(0.6), extendsTo: nil))
        labRecords[handle].mainAgreement = charter
        return handle
    }

    /// The joint-lab agreement (and, for some labs, a one-year MOU before it).
    private mutating func planJointAgreements(lab: Int) throws {
        let record = labRecords[lab]
        guard let university = record.university, let sponsor = record.sponsor else { return }
        if record.kind == .pilot || random.chance(0.5) {
            labRecords[lab].mou = try addAgreement(HistoryAgreement(
                lab: lab, purpose: .mou, kind: .mou, title: "Memorandum of understanding on \(record.name)",
                parties: [HistoryAgreement.Party(party: university, role: .university), HistoryAgreement.Party(party: sponsor, role: .sponsor)],
                costShares: [(sponsor, 10_000)], ipTerms: IPTerms(ownership: .joint, sponsorOptionDays: 0, publicationReviewDays: 0),
                termStart: nil, termEnd: nil, termMonths: 12, signsAtOnce: random.chance(0.5), extendsTo: nil))
        }
        var parties = [HistoryAgreement.Party(party: university, role: .university), HistoryAgreement.Party(party: sponsor, role: .sponsor)]
        var shares: [(party: Int, basisPoints: Int)] = [(sponsor, 10_000)]
        if let partner = record.partner {
            parties.append(HistoryAgreement.Party(party: partner, role: .industryPartner))
            let sponsorShare = random.int(5...8) * 1000
            shares = [(sponsor, sponsorShare), (partner, 10_000 - sponsorShare)]
        }
        if let host = record.host { parties.append(HistoryAgreement.Party(party: host, role: .host)) }
        let ownership: IPOwnership = switch random.int(0...9) {
        case 0..<4: .joint
        case 4..<6: .university
        case 6..<8: .sponsor
        default: .byInventorship
        }
        let terms = IPTerms(
            ownership: ownership,
            sponsorOptionDays: random.chance(0.15) ? 0 : random.element([60, 90, 120]),
            publicationReviewDays: random.chance(0.2) ? 0 : random.element([30, 45, 60]))
        labRecords[lab].mainAgreement = try addAgreement(HistoryAgreement(
            lab: lab, purpose: .jointLab, kind: .jointLabAgreement, title: "\(record.name) agreement", parties: parties,
            costShares: shares, ipTerms: terms, termStart: nil, termEnd: nil,
            termMonths: record.kind == .pilot ? 24 : 60, signsAtOnce: random.chance(0.4),
            extendsTo: record.kind == .pilot ? nil : try HistoryDay.adding(years: 4, to: record.activeUntil)))
    }

    /// Creates the lab's stream and bookkeeping and schedules its founders' registration.
    mutating func addLab(_ lab: HistoryLab, registersFoundersOn day: Int? = nil) throws -> Int {
        let handle = try labs.create(id: lab.id.rawValue)
        labRecords.append(lab)
        schedule(.registerFounders(lab: handle), on: day ?? lab.foundedOn - random.int(5...20), lab: handle)
        return handle
    }

    /// Creates the agreement's stream and bookkeeping; drafting is scheduled by the lab's story.
    mutating func addAgreement(_ agreement: HistoryAgreement, id: String? = nil) throws -> Int {
        let lab = labRecords[agreement.lab]
        let suffix = switch agreement.purpose {
        case .mou: "mou"
        case .jointLab: "jla"
        case .charter: "charter"
        case .sponsoredResearch: "sra-\(lab.sponsoredResearch.count + 1)"
        }
        let handle = try agreements.create(id: id ?? "\(lab.key)-\(suffix)")
        agreementRecords.append(agreement)
        return handle
    }
}
