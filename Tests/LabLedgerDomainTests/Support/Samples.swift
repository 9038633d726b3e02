import Testing
@testable import LabLedgerDomain

/// The cast shared by the aggregate tests: the Tencent / CUHK-Shenzhen joint lab and a few
/// outsiders, built from validated values.
struct Samples {
    let tencent: PartyID
    let cuhksz: PartyID
    let jd: PartyID
    let outsider: PartyID
    let lab: LabID
    let agreement: AgreementID
    let commitment: CommitmentID
    let placement: PlacementID
    let student: PersonID
    let studentPerson: PersonalData
    let signatory: PersonID
    let signatoryPerson: PersonalData
    let yuan: CurrencyCode
    let term: DateRange
    let foundedOn: LocalDate
    let ipTerms: IPTerms

    init() throws {
        tencent = try parsed("tencent")
        cuhksz = try parsed("cuhk-shenzhen")
        jd = try parsed("jd-com")
        outsider = try parsed("acme-robotics")
        lab = try parsed("tencent-cuhksz-machine-intelligence")
        agreement = try parsed("tencent-cuhksz-joint-lab-2018")
        commitment = try parsed("tencent-phd-stipends-2018")
        placement = try parsed("phd-2018-001")
        student = try parsed("person-0001")
        studentPerson = try PersonalData(name: "Li Wei", email: "li.wei@example.edu.cn")
        signatory = try parsed("person-0100")
        signatoryPerson = try PersonalData(name: "Zhang Min")
        yuan = try currency("CNY")
        term = try range("2018-06-12", "2023-06-12")
        foundedOn = try date("2018-06-12")
        ipTerms = IPTerms(ownership: .joint, sponsorOptionDays: 90, publicationReviewDays: 30)
    }

    var known: KnownParties { KnownParties([tencent, cuhksz, jd, outsider]) }

    func cny(_ amount: String) throws -> Money { try Money(parsing: amount, currency: yuan) }

    // MARK: lab

    var founders: [LabParty] {
        [LabParty(party: tencent, role: .industryPartner), LabParty(party: cuhksz, role: .university)]
    }

    var labFounded: LabEvent {
        .founded(LabFounded(lab: lab, name: "Machine Intelligence Joint Lab", founders: founders, foundedOn: foundedOn,
                            researchAreas: ["machine learning", "computer vision", "natural language processing"]))
    }

    var activeLab: LabFacts { LabFacts(lab: lab, state: LabDecider.fold([labFounded])) }

    func dissolvedLab() throws -> LabFacts {
        LabFacts(lab: lab, state: LabDecider.fold([labFounded, .dissolved(LabDissolved(dissolvedOn: try date("2024-01-01"), reason: "programme ended"))]))
    }

    // MARK: agreement

    var agreementParties: [AgreementParty] {
        [AgreementParty(party: tencent, role: .sponsor), AgreementParty(party: cuhksz, role: .university)]
    }

    func costShares(_ tencentBP: Int, _ cuhkszBP: Int) throws -> [CostShare] {
        [CostShare(party: tencent, basisPoints: try BasisPoints(tencentBP)), CostShare(party: cuhksz, basisPoints: try BasisPoints(cuhkszBP))]
    }

    func agreementDrafted() throws -> AgreementEvent {
        .drafted(AgreementDrafted(
            agreement: agreement, lab: lab, kind: .jointLabAgreement, title: "Machine Intelligence Joint Lab agreement",
            parties: agreementParties, costShares: try costShares(10_000, 0), ipTerms: ipTerms, term: term, draftedOn: try date("2018-05-01")))
    }

    func signed(_ party: PartyID, on day: String = "2018-06-12") throws -> AgreementEvent {
        .signed(AgreementSigned(party: party, signatory: signatory, signatoryTitle: "Director", signedOn: try date(day), person: signatoryPerson))
    }

    func executedAgreementHistory() throws -> [AgreementEvent] {
        [try agreementDrafted(), try signed(tencent), try signed(cuhksz)]
    }

    func agreementFacts(_ history: [AgreementEvent]) throws -> AgreementFacts {
        try #require(AgreementFacts(state: AgreementDecider.fold(history)))
    }

    func executedAgreement() throws -> AgreementFacts { try agreementFacts(executedAgreementHistory()) }

    // MARK: funding

    func fundingCommitted(_ amount: String = "1200000", purpose: FundingPurpose = .phdStipend) throws -> FundingEvent {
        .committed(FundingCommitted(
            commitment: commitment, agreement: agreement, funder: tencent, purpose: purpose,
            amount: .cash(try cny(amount)), period: try range("2018-09-01", "2022-09-01")))
    }

    func commitmentFacts(_ history: [FundingEvent]) throws -> CommitmentFacts {
        try #require(CommitmentFacts(state: FundingDecider.fold(history)))
    }

    // MARK: placement

    func awardStudentship(commitment facts: CommitmentFacts? = nil) throws -> AwardStudentship {
        AwardStudentship(
            placement: placement, lab: lab, agreement: agreement, student: student, orcid: try parsed("0000-0002-1825-0097"),
            degreeGrantor: cuhksz, sponsor: tencent, stipend: Stipend(monthly: try cny("15000"), commitment: commitment),
            period: try range("2018-09-01", "2022-09-01"), awardedOn: try date("2018-07-01"), person: studentPerson,
            facts: PlacementFacts(lab: activeLab, agreement: try executedAgreement()),
            commitment: try facts ?? commitmentFacts([fundingCommitted()]))
    }

    func studentshipAwarded() throws -> PlacementEvent {
        try #require(accepted(PlacementDecider.self, when: .awardStudentship(awardStudentship())).first)
    }
}
