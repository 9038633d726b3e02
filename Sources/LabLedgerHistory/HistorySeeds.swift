import LabLedgerDomain

/// The 2018 story every history opens with: the seeded organisations and the three real joint
/// labs with the terms the story of docs/domain.md gives them — HKAI Lab and its accelerator
/// charter, the Tencent / CUHK-Shenzhen Machine Intelligence Joint Lab, the JD.com /
/// CUHK-Shenzhen lab — plus one fictional pilot lab that is wound up within a year, so even a
/// small history holds a dissolution.
extension HistoryWorld {
    mutating func planSeeds() throws {
        for registration in try SeedParties.all() {
            let handle = try newParty(registration)
            if registration.kind == .company { licensees.append(handle) }
        }
        let start = HistoryClock.storyStart
        try planHKAI(registersFoundersOn: start)
        try planJointSeed(
            try SeedLabs.machineIntelligenceJointLab(), key: "milab", sponsor: "tencent", agreement: "tencent-cuhksz-joint-lab-2018",
            title: "Machine Intelligence Joint Lab agreement", terms: IPTerms(ownership: .joint, sponsorOptionDays: 90, publicationReviewDays: 30),
            termYears: 5, activeYears: 5, extends: true, dissolves: false)
        try planJointSeed(
            try SeedLabs.jdJointLab(), key: "jdlab", sponsor: "jd-com", agreement: "jd-cuhksz-ai-2018",
            title: "JD.com – CUHK-Shenzhen AI joint lab agreement", terms: IPTerms(ownership: .joint, sponsorOptionDays: 60, publicationReviewDays: 30),
            termYears: 3, activeYears: 3, extends: false, dissolves: true)
        _ = try planGeneratedLab(kind: .pilot, foundedOn: try HistoryDay.day(LocalDate(parsing: "2018-07-02")))
        schedule(.census, on: start, lab: nil)
    }

    /// HKAI Lab: founded by Alibaba, SenseTime and HKSTP; the Alibaba Entrepreneurs Fund joins as
    /// funder; the charter shares operating costs between the fund and SenseTime; the first
    /// accelerator round opens in September 2018.
    private mutating func planHKAI(registersFoundersOn day: Int) throws {
        let seed = try SeedLabs.hkaiLab()
        let alibaba = try partyHandle(try PartyID(parsing: "alibaba-group"))
        let sensetime = try partyHandle(try PartyID(parsing: "sensetime"))
        let hkstp = try partyHandle(try PartyID(parsing: "hkstp"))
        let fund = try partyHandle(try PartyID(parsing: "alibaba-entrepreneurs-fund"))
        let foundedOn = HistoryDay.day(seed.foundedOn)
        var lab = HistoryLab(
            id: seed.lab, key: "hkai", name: seed.name, kind: .accelerator, researchAreas: seed.researchAreas, foundedOn: foundedOn,
            activeUntil: try HistoryDay.adding(years: 6, to: foundedOn), dissolves: false, currency: try CurrencyCode(parsing: "HKD"),
            outputsPerYear: 10, cohortSize: 0...0,
            founders: try seed.founders.map { HistoryLab.Founder(party: try partyHandle($0.party), role: $0.role) },
            foundingMember: HistoryLab.Founder(party: fund, role: .funder),
            eventsExpected: HistoryLabPlan.expectedEvents(.accelerator, years: 6))
        lab.sponsor = alibaba
        lab.partner = sensetime
        lab.host = hkstp
        lab.fund = fund
        let handle = try addLab(lab, registersFoundersOn: day)
        labRecords[handle].mainAgreement = try addAgreement(HistoryAgreement(
            lab: handle, purpose: .charter, kind: .acceleratorCharter, title: "HKAI Lab accelerator charter",
            parties: [
                HistoryAgreement.Party(party: alibaba, role: .industryPartner), HistoryAgreement.Party(party: sensetime, role: .funder),
                HistoryAgreement.Party(party: hkstp, role: .host), HistoryAgreement.Party(party: fund, role: .funder),
            ],
            costShares: [(fund, 5000), (sensetime, 5000)], ipTerms: IPTerms(ownership: .byInventorship, sponsorOptionDays: 0, publicationReviewDays: 0),
            termStart: foundedOn, termEnd: nil, termMonths: nil, signsAtOnce: true, extendsTo: nil), id: "hkai-accelerator-charter")
    }

    /// A seeded university–company lab with its real agreement, signed on founding day.
    private mutating func planJointSeed(
        _ seed: FoundLab, key: String, sponsor sponsorID: String, agreement: String, title: String, terms: IPTerms,
        termYears: Int, activeYears: Int, extends: Bool, dissolves: Bool
    ) throws {
        let sponsor = try partyHandle(try PartyID(parsing: sponsorID))
        let university = try partyHandle(try PartyID(parsing: "cuhk-shenzhen"))
        let foundedOn = HistoryDay.day(seed.foundedOn)
        let activeUntil = try HistoryDay.adding(years: activeYears, to: foundedOn)
        var lab = HistoryLab(
            id: seed.lab, key: key, name: seed.name, kind: .joint, researchAreas: seed.researchAreas, foundedOn: foundedOn,
            activeUntil: activeUntil, dissolves: dissolves, currency: try CurrencyCode(parsing: "CNY"),
            outputsPerYear: 24, cohortSize: 3...5,
            founders: try seed.founders.map { HistoryLab.Founder(party: try partyHandle($0.party), role: $0.role) },
            foundingMember: nil, eventsExpected: HistoryLabPlan.expectedEvents(.joint, years: activeYears))
        lab.university = university
        lab.sponsor = sponsor
        let handle = try addLab(lab, registersFoundersOn: foundedOn - 20)
        labRecords[handle].mainAgreement = try addAgreement(HistoryAgreement(
            lab: handle, purpose: .jointLab, kind: .jointLabAgreement, title: title,
            parties: [HistoryAgreement.Party(party: sponsor, role: .sponsor), HistoryAgreement.Party(party: university, role: .university)],
            costShares: [(sponsor, 10_000)], ipTerms: terms,
            termStart: foundedOn, termEnd: try HistoryDay.adding(years: termYears, to: foundedOn), termMonths: nil, signsAtOnce: true,
            extendsTo: extends ? try HistoryDay.adding(years: 4, to: activeUntil) : nil), id: agreement)
    }
}
