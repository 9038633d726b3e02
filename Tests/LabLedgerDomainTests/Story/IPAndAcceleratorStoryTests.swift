import Testing
@testable import LabLedgerDomain

extension InMemoryStreams {
    /// The refusal code `command` meets on `stream` as stored now, or nil if it would be accepted.
    func refusal(_ command: D.Command, on stream: StreamName) throws -> String? {
        do {
            _ = try D.decide(command, try state(stream))
            return nil
        } catch let error as DomainError {
            return error.code
        }
    }
}

/// The rest of the 2018 story, from commands through the deciders and codecs: the Tencent /
/// CUHK-Shenzhen lab publishes a paper, discloses an invention from it, shares it 50/50,
/// licenses it exclusively to Tencent after its option, and refuses a third company the
/// overlapping slice but grants it another; HKAI Lab runs its first accelerator round.
@Suite("Seed story: shared IP and the accelerator")
struct IPAndAcceleratorStoryTests {
    var parties = InMemoryStreams<PartyDecider, PartyEventCodec>()
    var labs = InMemoryStreams<LabDecider, LabEventCodec>()
    var agreements = InMemoryStreams<AgreementDecider, AgreementEventCodec>()
    var funding = InMemoryStreams<FundingDecider, FundingEventCodec>()
    var outputs = InMemoryStreams<OutputDecider, OutputEventCodec>()
    var assets = InMemoryStreams<IPAssetDecider, IPAssetEventCodec>()
    var rounds = InMemoryStreams<RoundDecider, RoundEventCodec>()
    var known = KnownParties([])

    let tencent: PartyID
    let cuhksz: PartyID
    let fund: PartyID
    let pearlRiver: PartyID
    let startups: [PartyID]
    let hkai: LabID
    let joint: LabID
    let charter: AgreementID
    let jointAgreement: AgreementID

    init() throws {
        tencent = try parsed("tencent")
        cuhksz = try parsed("cuhk-shenzhen")
        fund = try parsed("alibaba-entrepreneurs-fund")
        pearlRiver = try parsed("pearl-river-robotics")
        startups = try (1...12).map { try parsed("hkai-startup-\($0 < 10 ? "0" : "")\($0)") }
        hkai = try SeedLabs.hkaiLab().lab
        joint = try SeedLabs.machineIntelligenceJointLab().lab
        charter = try parsed("hkai-accelerator-charter")
        jointAgreement = try parsed("tencent-cuhksz-joint-lab-2018")
    }

    func labFacts(_ id: LabID) throws -> LabFacts { LabFacts(lab: id, state: try labs.state(.lab(id))) }
    func agreementFacts(_ id: AgreementID) throws -> AgreementFacts { try #require(AgreementFacts(state: try agreements.state(.agreement(id)))) }
    func commitmentFacts(_ id: CommitmentID) throws -> CommitmentFacts { try #require(CommitmentFacts(state: try funding.state(.commitment(id)))) }

    /// Parties, the two labs, and their executed agreements, as in the first part of the story.
    mutating func foundTheLabs() throws {
        var registrations = try SeedParties.all()
        registrations.append(RegisterParty(party: pearlRiver, name: "Pearl River Robotics", kind: .company, country: try parsed("CN")))
        for (index, startup) in startups.enumerated() {
            registrations.append(RegisterParty(party: startup, name: "HKAI Startup \(index + 1)", kind: .startup, country: try parsed("HK")))
        }
        for registration in registrations { try parties.handle(.register(registration), on: .party(registration.party)) }
        known = KnownParties(Set(registrations.map(\.party)))
        for found in [try SeedLabs.hkaiLab(), try SeedLabs.machineIntelligenceJointLab()] { try labs.handle(.found(found), on: .lab(found.lab)) }
        try labs.handle(.admitMember(AdmitMember(party: fund, role: .funder, admittedOn: try date("2018-05-21"), parties: known)), on: .lab(hkai))

        try draftAndSign(DraftAgreement(
            agreement: charter, lab: hkai, kind: .acceleratorCharter, title: "HKAI Lab accelerator charter",
            parties: [
                AgreementParty(party: try parsed("alibaba-group"), role: .industryPartner), AgreementParty(party: try parsed("sensetime"), role: .funder),
                AgreementParty(party: try parsed("hkstp"), role: .host), AgreementParty(party: fund, role: .funder),
            ],
            costShares: [CostShare(party: fund, basisPoints: try BasisPoints(5000)), CostShare(party: try parsed("sensetime"), basisPoints: try BasisPoints(5000))],
            ipTerms: IPTerms(ownership: .byInventorship, sponsorOptionDays: 0, publicationReviewDays: 0),
            term: DateRange.starting(try date("2018-05-21")), draftedOn: try date("2018-05-01"),
            facts: AgreementDraftingFacts(lab: try labFacts(hkai), parties: known)), signedOn: "2018-05-21")
        try draftAndSign(DraftAgreement(
            agreement: jointAgreement, lab: joint, kind: .jointLabAgreement, title: "Machine Intelligence Joint Lab agreement",
            parties: [AgreementParty(party: tencent, role: .sponsor), AgreementParty(party: cuhksz, role: .university)],
            costShares: [CostShare(party: tencent, basisPoints: .hundredPercent)],
            ipTerms: IPTerms(ownership: .joint, sponsorOptionDays: 90, publicationReviewDays: 30),
            term: try range("2018-06-12", "2023-06-12"), draftedOn: try date("2018-06-01"),
            facts: AgreementDraftingFacts(lab: try labFacts(joint), parties: known)), signedOn: "2018-06-12")
    }

    mutating func draftAndSign(_ draft: DraftAgreement, signedOn day: String) throws {
        try agreements.handle(.draft(draft), on: .agreement(draft.agreement))
        for (index, party) in draft.parties.enumerated() {
            try agreements.handle(.sign(SignAgreement(
                party: party.party, signatory: try parsed("signatory-\(draft.agreement.rawValue.prefix(12))-\(index)"), signatoryTitle: "Authorised signatory",
                signedOn: try date(day), person: try PersonalData(name: "Signatory \(index + 1)"))), on: .agreement(draft.agreement))
        }
    }

    @Test("a paper becomes an invention, shared 50/50, licensed exclusively to Tencent; a third company gets only a free slice")
    mutating func sharedIP() throws {
        try foundTheLabs()
        let cv: FieldOfUse = try parsed("computer-vision")
        let cn: Territory = try parsed("CN")
        let us: Territory = try parsed("US")

        // The lab registers a paper with its contributors and DOI; it is validated, reviewed by Tencent and published.
        let paper: OutputID = try parsed("mi-paper-2019-depth")
        let doi: DOI = try parsed("10.1109/CVPR.2019.00987")
        try outputs.handle(.register(RegisterOutput(
            output: paper, lab: joint, kind: .paper, title: "Monocular depth estimation with self-supervision", doi: doi,
            contributors: [
                OutputContributor(orcid: try parsed("0000-0002-1825-0097"), creditRoles: [.conceptualization, .methodology, .writingOriginalDraft]),
                OutputContributor(orcid: try parsed("0000-0001-5109-3700"), creditRoles: [.software, .investigation, .writingReviewEditing]),
            ],
            affiliations: [cuhksz, tencent], agreement: jointAgreement, date: try date("2019-03-01"),
            facts: OutputRegistrationFacts(lab: try labFacts(joint), agreement: try agreementFacts(jointAgreement),
                                           doi: DOIRegistryFacts(doi: doi, registeredTo: nil), parties: known))), on: .output(paper))
        try outputs.handle(.submitForValidation(SubmitOutputForValidation(submittedOn: try date("2019-03-02"))), on: .output(paper))
        try outputs.handle(.validate(ValidateOutput(validatedBy: cuhksz, validatedOn: try date("2019-03-05"), lab: try labFacts(joint))), on: .output(paper))
        try outputs.handle(.requestPublicationReview(RequestPublicationReview(requestedOn: try date("2019-03-10"), agreement: try agreementFacts(jointAgreement))), on: .output(paper))
        #expect(try outputs.refusal(.publish(PublishOutput(publishedOn: try date("2019-03-15"), venue: "CVPR 2019", agreement: try agreementFacts(jointAgreement))), on: .output(paper))
            == "output.publication-review-window-open")
        try outputs.handle(.clearPublicationReview(ClearPublicationReview(reviewer: tencent, clearedOn: try date("2019-03-25"))), on: .output(paper))

        // An invention is disclosed from the paper before it is published, and owned 50/50.
        let asset: IPAssetID = try parsed("mi-invention-2019-depth")
        let outputFacts = try #require(OutputFacts(state: try outputs.state(.output(paper))))
        try assets.handle(.disclose(DiscloseInvention(
            asset: asset, lab: joint, agreement: jointAgreement, title: "Self-supervised monocular depth estimation",
            inventors: [Inventor(orcid: try parsed("0000-0002-1825-0097"), shareBasisPoints: try BasisPoints(6000)),
                        Inventor(orcid: try parsed("0000-0001-5109-3700"), shareBasisPoints: try BasisPoints(4000))],
            fromOutputs: [paper], disclosedOn: try date("2019-04-01"),
            facts: DisclosureFacts(lab: try labFacts(joint), agreement: try agreementFacts(jointAgreement), outputs: [outputFacts]))), on: .ipAsset(asset))
        try assets.handle(.determineOwnership(DetermineOwnership(
            owners: [AssetOwner(party: tencent, shareBasisPoints: try BasisPoints(5000)), AssetOwner(party: cuhksz, shareBasisPoints: try BasisPoints(5000))],
            determinedOn: try date("2019-04-15"), agreement: try agreementFacts(jointAgreement))), on: .ipAsset(asset))
        try assets.handle(.fileApplication(FilePatentApplication(office: try parsed("CN"), applicationNumber: try parsed("CN201910412345.6"), filedOn: try date("2019-05-10"))), on: .ipAsset(asset))
        try outputs.handle(.publish(PublishOutput(publishedOn: try date("2019-06-16"), venue: "CVPR 2019", agreement: try agreementFacts(jointAgreement))), on: .output(paper))

        // Tencent's option on computer vision: while it is open nobody else is licensed in the field.
        try assets.handle(.grantOption(GrantOption(sponsor: tencent, fields: [cv], grantedOn: try date("2019-05-01"), expiresOn: try date("2019-07-30"),
                                                   agreement: try agreementFacts(jointAgreement))), on: .ipAsset(asset))
        let pearlRiverEarly = GrantLicence(
            licence: try parsed("prr-cv-us-2019"), licensee: pearlRiver, licensors: [cuhksz], consents: [tencent], exclusivity: .nonExclusive,
            fields: [cv], territories: [us], term: try range("2019-06-01", "2020-06-01"), royalty: Royalty(rateBasisPoints: try BasisPoints(200)),
            grantedOn: try date("2019-05-20"), parties: known)
        #expect(try assets.refusal(.grantLicence(pearlRiverEarly), on: .ipAsset(asset)) == "ipasset.option-open")
        try assets.handle(.exerciseOption(ExerciseOption(option: 1, by: tencent, exercisedOn: try date("2019-06-15"))), on: .ipAsset(asset))

        // Tencent takes an exclusive licence for computer vision in China, with CUHK-Shenzhen as licensor.
        try assets.handle(.grantLicence(GrantLicence(
            licence: try parsed("tencent-cv-cn-2019"), licensee: tencent, licensors: [cuhksz], consents: [tencent], exclusivity: .exclusive,
            fields: [cv], territories: [cn], term: try range("2019-07-01", "2029-07-01"), sublicensable: true,
            royalty: Royalty(rateBasisPoints: try BasisPoints(300), minimumAnnual: try money("50000", "CNY")), grantedOn: try date("2019-06-20"),
            parties: known)), on: .ipAsset(asset))

        // Pearl River Robotics asks for computer vision worldwide: the Chinese slice is Tencent's.
        var worldwide = GrantLicence(
            licence: try parsed("prr-cv-2020"), licensee: pearlRiver, licensors: [cuhksz, tencent], exclusivity: .exclusive,
            fields: [cv], territories: [.world], term: try range("2020-01-01", "2025-01-01"), royalty: Royalty(rateBasisPoints: try BasisPoints(400)),
            grantedOn: try date("2019-12-01"), parties: known)
        #expect(try assets.refusal(.grantLicence(worldwide), on: .ipAsset(asset)) == "ipasset.exclusive-slices-overlap")
        let before = try assets.state(.ipAsset(asset))
        #expect(before.availability(licensee: pearlRiver, exclusivity: .exclusive, field: cv, territory: cn, on: try date("2020-06-01"))
            .isAvailable == false)
        #expect(before.availability(licensee: pearlRiver, exclusivity: .exclusive, field: cv, territory: us, on: try date("2020-06-01")).isAvailable)
        // It takes the United States instead.
        worldwide.territories = [us]
        try assets.handle(.grantLicence(worldwide), on: .ipAsset(asset))
        try assets.handle(.reportRoyalty(ReportRoyalty(
            licence: worldwide.licence, period: try range("2020-01-01", "2021-01-01"), netSales: try money("1250000", "USD"),
            royaltyDue: try money("50000", "USD"), reportedOn: try date("2021-01-31"))), on: .ipAsset(asset))
        try assets.handle(.recordRoyaltyPayment(RecordRoyaltyPayment(
            licence: worldwide.licence, period: try range("2020-01-01", "2021-01-01"), amount: try money("50000", "USD"),
            paidOn: try date("2021-02-15"), reference: "PRR-ROY-2020")), on: .ipAsset(asset))
        try assets.handle(.recordPatentGrant(RecordPatentGrant(
            applicationNumber: try parsed("CN201910412345.6"), patentNumber: try parsed("CN110123456B"), grantedOn: try date("2021-08-03"))), on: .ipAsset(asset))

        // Then: where the shared IP stands.
        let state = try assets.state(.ipAsset(asset))
        #expect(state.ownerShares == [tencent: 5000, cuhksz: 5000])
        #expect(state.fromOutputs == [paper])
        #expect(state.options.first?.resolution == .exercised(on: try date("2019-06-15")))
        #expect(state.licences.map(\.licensee) == [tencent, pearlRiver])
        #expect(state.licences.allSatisfy { $0.exclusivity == .exclusive })
        #expect(state.licence(worldwide.licence)?.reports.first?.paid == (try money("50000", "USD")))
        #expect(state.applications.first?.patent == (try parsed("CN110123456B")))
        for on in ["2020-06-01", "2024-12-31"] {
            #expect(!state.availability(licensee: try parsed("jd-com"), exclusivity: .nonExclusive, field: cv, territory: us, on: try date(on)).isAvailable)
        }
        #expect(state.availability(licensee: try parsed("jd-com"), exclusivity: .exclusive, field: cv, territory: try parsed("HK"), on: try date("2020-06-01")).isAvailable)
        let paperState = try outputs.state(.output(paper))
        #expect(paperState.publishedOn == (try date("2019-06-16")) && paperState.validation == .validated && paperState.doi == doi)
        #expect(outputs.eventCount == 6 && assets.eventCount == 10)
    }

    @Test("HKAI Lab's first accelerator round admits ten startups, grants their benefits and graduates them")
    mutating func acceleratorRound() throws {
        try foundTheLabs()
        let hkstp: PartyID = try parsed("hkstp")
        let alibaba: PartyID = try parsed("alibaba-group")
        let hkd = try currency("HKD")

        // The Alibaba Entrepreneurs Fund commits HKD 6m of startup grants under the charter.
        let grants: CommitmentID = try parsed("aef-startup-grants-2018")
        try funding.handle(.commit(CommitFunding(
            commitment: grants, agreement: charter, funder: fund, purpose: .cashGrant, amount: .cash(try Money(parsing: "6000000", currency: hkd)),
            period: try range("2018-09-01", "2019-09-01"), facts: CommitFundingFacts(agreement: try agreementFacts(charter), lab: try labFacts(hkai)))),
            on: .commitment(grants))

        // Round 1 opens in September 2018: applications until 1 October, a six-month programme.
        let round: RoundID = try parsed("hkai-accelerator-2018-1")
        try rounds.handle(.open(OpenRound(
            round: round, lab: hkai, number: 1, capacity: 10, applicationWindow: try range("2018-09-01", "2018-10-01"), programmeMonths: 6,
            openedOn: try date("2018-08-20"), labFacts: try labFacts(hkai), calendar: RoundCalendarFacts(lab: hkai, year: 2018, roundsOpened: []))),
            on: .round(round))
        for (index, startup) in startups.enumerated() {
            try rounds.handle(.apply(ApplyToRound(startup: startup, appliedOn: try date("2018-09-\(10 + index)"), parties: known)), on: .round(round))
        }
        #expect(try rounds.refusal(.apply(ApplyToRound(startup: pearlRiver, appliedOn: try date("2018-10-02"), parties: known)), on: .round(round))
            == "round.outside-application-window")
        for startup in startups.prefix(10) {
            try rounds.handle(.admit(AdmitStartup(startup: startup, admittedOn: try date("2018-10-05"))), on: .round(round))
        }
        #expect(try rounds.refusal(.admit(AdmitStartup(startup: startups[10], admittedOn: try date("2018-10-05"))), on: .round(round)) == "round.capacity-reached")
        for startup in startups.suffix(2) {
            try rounds.handle(.reject(RejectStartup(startup: startup, rejectedOn: try date("2018-10-05"), reason: "Capacity reached")), on: .round(round))
        }

        // Each admitted startup: HKD 500k cash from the fund, GPU credits from Alibaba Cloud, office space at HKSTP.
        let cash = Amount.cash(try Money(parsing: "500000", currency: hkd))
        for (index, startup) in startups.prefix(10).enumerated() {
            let reference = "AEF-2018-1-\(index + 1)"
            try rounds.handle(.grantBenefit(GrantBenefit(
                startup: startup, kind: .cash, quantity: cash, provider: fund, commitment: try commitmentFacts(grants),
                reference: reference, grantedOn: try date("2018-10-10"))), on: .round(round))
            try funding.handle(.recordDisbursement(RecordDisbursement(amount: cash, valueDate: try date("2018-10-10"), reference: reference)), on: .commitment(grants))
            try rounds.handle(.grantBenefit(GrantBenefit(
                startup: startup, kind: .cloudCredits, quantity: .inKind(InKindQuantity(5000, .gpuHours)), provider: alibaba,
                reference: "ALICLOUD-2018-1-\(index + 1)", grantedOn: try date("2018-10-10"))), on: .round(round))
            try rounds.handle(.grantBenefit(GrantBenefit(
                startup: startup, kind: .officeSpace, quantity: .inKind(InKindQuantity(40, .squareMetres)), provider: hkstp,
                reference: "HKSTP-2018-1-\(index + 1)", grantedOn: try date("2018-10-10"))), on: .round(round))
        }
        try rounds.handle(.assignMentor(AssignMentor(startup: startups[0], mentor: try parsed("advisor-001"), assignedOn: try date("2018-10-12"),
                                                     person: try PersonalData(name: "Advisor One"), labAdvisors: [try parsed("advisor-001")])), on: .round(round))
        // The fund has HKD 1m left, so a rejected startup could not be paid anyway, and more than that is refused.
        #expect(try rounds.refusal(.grantBenefit(GrantBenefit(
            startup: startups[0], kind: .cash, quantity: .cash(try Money(parsing: "1000000.01", currency: hkd)), provider: fund,
            commitment: try commitmentFacts(grants), reference: "AEF-2018-1-extra", grantedOn: try date("2018-12-01"))), on: .round(round))
            == "round.commitment-balance-insufficient")
        #expect(try rounds.refusal(.graduate(GraduateCohort(graduatedOn: try date("2019-03-31"))), on: .round(round)) == "round.programme-not-over")
        try rounds.handle(.graduate(GraduateCohort(graduatedOn: try date("2019-04-01"))), on: .round(round))

        // Then: ten graduates, thirty benefits, the fund's grants drawn exactly.
        let state = try rounds.state(.round(round))
        #expect(state.graduates == Array(startups.prefix(10)))
        #expect(state.benefits.count == 30)
        #expect(Set(state.benefits.filter { $0.kind == .officeSpace }.map(\.provider)) == [hkstp])
        let commitment = try funding.state(.commitment(grants))
        #expect(commitment.disbursed == .cash(try Money(parsing: "5000000", currency: hkd)))
        #expect(commitment.balance == .cash(try Money(parsing: "1000000", currency: hkd)))
        #expect(Set(commitment.disbursements.keys) == Set(state.benefits.filter { $0.kind == .cash }.map(\.reference)))
        // A second round in 2019 is allowed; a third that year is not.
        let next = OpenRound(
            round: try parsed("hkai-accelerator-2019-3"), lab: hkai, number: 3, capacity: 10, applicationWindow: try range("2019-09-01", "2019-10-01"),
            programmeMonths: 6, openedOn: try date("2019-08-20"), labFacts: try labFacts(hkai),
            calendar: RoundCalendarFacts(lab: hkai, year: 2019, roundsOpened: [try parsed("hkai-accelerator-2019-1"), try parsed("hkai-accelerator-2019-2")]))
        #expect(try rounds.refusal(.open(next), on: .round(next.round)) == "round.too-many-rounds-this-year")
    }
}
