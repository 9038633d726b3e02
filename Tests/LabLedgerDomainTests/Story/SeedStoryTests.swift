import Testing
@testable import LabLedgerDomain

/// The 2018 story, replayed from commands through the deciders: HKAI Lab and its charter, the
/// Tencent / CUHK-Shenzhen Machine Intelligence Joint Lab with a sponsored PhD student who
/// interns at Tencent, and the JD.com / CUHK-Shenzhen agreement.
@Suite("Seed story")
struct SeedStoryTests {
    var parties = InMemoryStreams<PartyDecider, PartyEventCodec>()
    var labs = InMemoryStreams<LabDecider, LabEventCodec>()
    var agreements = InMemoryStreams<AgreementDecider, AgreementEventCodec>()
    var funding = InMemoryStreams<FundingDecider, FundingEventCodec>()
    var placements = InMemoryStreams<PlacementDecider, PlacementEventCodec>()

    func labFacts(_ id: LabID) throws -> LabFacts { LabFacts(lab: id, state: try labs.state(.lab(id))) }

    func agreementFacts(_ id: AgreementID) throws -> AgreementFacts {
        try #require(AgreementFacts(state: try agreements.state(.agreement(id))))
    }

    func commitmentFacts(_ id: CommitmentID) throws -> CommitmentFacts {
        try #require(CommitmentFacts(state: try funding.state(.commitment(id))))
    }

    mutating func signAll(_ id: AgreementID, _ signatures: [(String, String, String, String)]) throws {
        for (index, (party, name, title, day)) in signatures.enumerated() {
            try agreements.handle(.sign(SignAgreement(
                party: try parsed(party), signatory: try parsed("signatory-\(id.rawValue.prefix(20))-\(index)"), signatoryTitle: title,
                signedOn: try date(day), person: try PersonalData(name: name))), on: .agreement(id))
        }
    }

    @Test("the 2018 joint labs replay from commands to a consistent state")
    mutating func replay() throws {
        // Parties: the seeded organisations and a third company that later licenses shared IP.
        let licensee = RegisterParty(party: try parsed("pearl-river-robotics"), name: "Pearl River Robotics", kind: .company, country: try parsed("CN"))
        for registration in try SeedParties.all() + [licensee] {
            try parties.handle(.register(registration), on: .party(registration.party))
        }
        let known = KnownParties(Set(try SeedParties.all().map(\.party) + [licensee.party]))

        // Labs.
        for found in try SeedLabs.all() { try labs.handle(.found(found), on: .lab(found.lab)) }
        let hkai = try SeedLabs.hkaiLab().lab
        let joint = try SeedLabs.machineIntelligenceJointLab().lab
        let jdLab = try SeedLabs.jdJointLab().lab
        let fund: PartyID = try parsed("alibaba-entrepreneurs-fund")
        try labs.handle(.admitMember(AdmitMember(party: fund, role: .funder, admittedOn: try date("2018-05-21"), parties: known)), on: .lab(hkai))

        // HKAI Lab's accelerator charter: operating costs shared by the Alibaba Entrepreneurs Fund and SenseTime.
        let charter: AgreementID = try parsed("hkai-accelerator-charter")
        try agreements.handle(.draft(DraftAgreement(
            agreement: charter, lab: hkai, kind: .acceleratorCharter, title: "HKAI Lab accelerator charter",
            parties: [
                AgreementParty(party: try parsed("alibaba-group"), role: .industryPartner),
                AgreementParty(party: try parsed("sensetime"), role: .funder),
                AgreementParty(party: try parsed("hkstp"), role: .host),
                AgreementParty(party: fund, role: .funder),
            ],
            costShares: [CostShare(party: fund, basisPoints: try BasisPoints(5000)), CostShare(party: try parsed("sensetime"), basisPoints: try BasisPoints(5000))],
            ipTerms: IPTerms(ownership: .byInventorship, sponsorOptionDays: 0, publicationReviewDays: 0),
            term: DateRange.starting(try date("2018-05-21")), draftedOn: try date("2018-05-01"),
            facts: AgreementDraftingFacts(lab: try labFacts(hkai), parties: known))), on: .agreement(charter))
        try signAll(charter, [
            ("alibaba-group", "Signatory A", "Executive", "2018-05-21"), ("sensetime", "Signatory B", "Executive", "2018-05-21"),
            ("hkstp", "Signatory C", "Chief Executive", "2018-05-21"), ("alibaba-entrepreneurs-fund", "Signatory D", "Director", "2018-05-21"),
        ])

        // The Tencent / CUHK-Shenzhen joint lab agreement, signed by both on founding day.
        let tencent: PartyID = try parsed("tencent")
        let cuhksz: PartyID = try parsed("cuhk-shenzhen")
        let jointAgreement: AgreementID = try parsed("tencent-cuhksz-joint-lab-2018")
        try agreements.handle(.draft(DraftAgreement(
            agreement: jointAgreement, lab: joint, kind: .jointLabAgreement, title: "Machine Intelligence Joint Lab agreement",
            parties: [AgreementParty(party: tencent, role: .sponsor), AgreementParty(party: cuhksz, role: .university)],
            costShares: [CostShare(party: tencent, basisPoints: .hundredPercent)],
            ipTerms: IPTerms(ownership: .joint, sponsorOptionDays: 90, publicationReviewDays: 30),
            term: try range("2018-06-12", "2023-06-12"), draftedOn: try date("2018-06-01"),
            facts: AgreementDraftingFacts(lab: try labFacts(joint), parties: known))), on: .agreement(jointAgreement))
        try signAll(jointAgreement, [("tencent", "Signatory E", "Vice President", "2018-06-12"), ("cuhk-shenzhen", "Signatory F", "Vice-President", "2018-06-12")])

        // The JD.com / CUHK-Shenzhen agreement of 15 June 2018.
        let jdAgreement: AgreementID = try parsed("jd-cuhksz-ai-2018")
        try agreements.handle(.draft(DraftAgreement(
            agreement: jdAgreement, lab: jdLab, kind: .jointLabAgreement, title: "JD.com – CUHK-Shenzhen AI joint lab agreement",
            parties: [AgreementParty(party: try parsed("jd-com"), role: .sponsor), AgreementParty(party: cuhksz, role: .university)],
            costShares: [CostShare(party: try parsed("jd-com"), basisPoints: .hundredPercent)],
            ipTerms: IPTerms(ownership: .joint, sponsorOptionDays: 60, publicationReviewDays: 30),
            term: try range("2018-06-15", "2021-06-15"), draftedOn: try date("2018-06-01"),
            facts: AgreementDraftingFacts(lab: try labFacts(jdLab), parties: known))), on: .agreement(jdAgreement))
        try signAll(jdAgreement, [("jd-com", "Signatory G", "Vice President", "2018-06-15"), ("cuhk-shenzhen", "Signatory H", "Vice-President", "2018-06-15")])

        // Tencent funds the PhD stipends.
        let stipends: CommitmentID = try parsed("tencent-phd-stipends-2018")
        let yuan = try currency("CNY")
        try funding.handle(.commit(CommitFunding(
            commitment: stipends, agreement: jointAgreement, funder: tencent, purpose: .phdStipend,
            amount: .cash(try Money(parsing: "1440000", currency: yuan)), period: try range("2018-09-01", "2022-09-01"),
            facts: CommitFundingFacts(agreement: try agreementFacts(jointAgreement), lab: try labFacts(joint)))), on: .commitment(stipends))

        // A PhD studentship: CUHK-Shenzhen grants the degree, Tencent sponsors.
        let phd: PlacementID = try parsed("phd-2018-001")
        let monthly = try Money(parsing: "15000", currency: yuan)
        try placements.handle(.awardStudentship(AwardStudentship(
            placement: phd, lab: joint, agreement: jointAgreement, student: try parsed("person-0001"), degreeGrantor: cuhksz, sponsor: tencent,
            stipend: Stipend(monthly: monthly, commitment: stipends), period: try range("2018-09-01", "2022-09-01"),
            awardedOn: try date("2018-07-15"), person: try PersonalData(name: "Student One", email: "student.one@example.edu.cn"),
            facts: PlacementFacts(lab: try labFacts(joint), agreement: try agreementFacts(jointAgreement)),
            commitment: try commitmentFacts(stipends))), on: .placement(phd))

        // Three monthly stipends; each is drawn on the commitment under the same reference.
        for month in ["09", "10", "11"] {
            let next = month == "09" ? "10" : month == "10" ? "11" : "12"
            let reference = "STIPEND-2018-\(month)"
            try placements.handle(.payStipend(PayStipend(
                amount: monthly, forPeriod: try range("2018-\(month)-01", "2018-\(next)-01"), paidOn: try date("2018-\(month)-05"),
                reference: reference, commitment: try commitmentFacts(stipends))), on: .placement(phd))
            try funding.handle(.recordDisbursement(RecordDisbursement(
                amount: .cash(monthly), valueDate: try date("2018-\(month)-05"), reference: reference)), on: .commitment(stipends))
        }

        // A summer internship at Tencent under the joint lab agreement.
        try placements.handle(.startInternship(StartInternship(
            host: tencent, period: try range("2019-07-01", "2019-09-01"), agreement: try agreementFacts(jointAgreement))), on: .placement(phd))
        try placements.handle(.endInternship(EndInternship(endedOn: try date("2019-09-01"))), on: .placement(phd))

        // Then: every agreement is executed on its signing day, by all its parties.
        for (id, day) in [(charter, "2018-05-21"), (jointAgreement, "2018-06-12"), (jdAgreement, "2018-06-15")] {
            let state = try agreements.state(.agreement(id))
            #expect(state.status == .executed)
            #expect(state.executedOn == (try date(day)))
            #expect(state.partyIDs == Set(state.signatures.keys))
        }
        // The labs have their founders and members, none dissolved.
        #expect(try labs.state(.lab(hkai)).members.count == 4)
        #expect(try labs.state(.lab(joint)).foundedOn == (try date("2018-06-12")))
        #expect(try labs.state(.lab(jdLab)).status == .active)
        // Stipends paid equal disbursements drawn, and the balance is what remains.
        let placement = try placements.state(.placement(phd))
        let commitment = try funding.state(.commitment(stipends))
        let paid = try placement.stipendsPaid.reduce(Money.zero(yuan)) { try $0.adding($1) }
        #expect(commitment.disbursed == .cash(paid))
        #expect(commitment.balance == .cash(try Money(parsing: "1395000", currency: yuan)))
        #expect(Set(commitment.disbursements.keys) == placement.stipendReferences)
        // The internship is over and was hosted by a party to the agreement.
        #expect(placement.currentInternship == nil)
        #expect(placement.internships.map(\.host) == [tencent])
        // Every party is registered once.
        #expect(parties.streams.count == 8)
        #expect(try parties.state(.party(licensee.party)).profile?.kind == .company)
    }

    @Test("the seed data is valid and names only seeded parties")
    func seedsAreConsistent() throws {
        let known = try SeedParties.known()
        #expect(known.registered.count == (try SeedParties.all()).count)
        for lab in try SeedLabs.all() {
            #expect(known.firstUnknown(in: lab.founders.map(\.party)) == nil)
            #expect(refusal(LabDecider.self, when: .found(lab)) == nil)
        }
        #expect(try SeedLabs.hkaiLab().foundedOn == (try date("2018-05-21")))
    }
}
