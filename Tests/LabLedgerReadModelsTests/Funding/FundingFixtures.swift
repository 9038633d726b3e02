import LabLedgerDomain
@testable import LabLedgerReadModels

/// The Tencent / CUHK-Shenzhen joint lab's agreement and Tencent's stipend commitment.
struct FundingFixtures {
    typealias F = LedgerFixtures

    let tencent: PartyID
    let cuhksz: PartyID
    let lab: LabID
    let agreement: AgreementID
    let commitment: CommitmentID
    let signatory: PersonID
    let signatoryPerson: PersonalData

    init() throws {
        tencent = try F.id("tencent")
        cuhksz = try F.id("cuhk-shenzhen")
        lab = try F.id("tencent-cuhksz-machine-intelligence")
        agreement = try F.id("tencent-cuhksz-joint-lab-2018")
        commitment = try F.id("tencent-phd-stipends-2018")
        signatory = try F.id("person-0100")
        signatoryPerson = try PersonalData(name: "Zhang Min", email: "zhang.min@example.com", phone: "+86 755 0000 0000")
    }

    var agreementStreamID: String { "agreement-\(agreement)" }
    var commitmentStreamID: String { "commitment-\(commitment)" }

    func drafted() throws -> AgreementEvent {
        .drafted(AgreementDrafted(
            agreement: agreement, lab: lab, kind: .jointLabAgreement, title: "Machine Intelligence Joint Lab agreement",
            parties: [AgreementParty(party: tencent, role: .sponsor), AgreementParty(party: cuhksz, role: .university)],
            costShares: [CostShare(party: tencent, basisPoints: try BasisPoints(10_000))],
            ipTerms: IPTerms(ownership: .joint, sponsorOptionDays: 90, publicationReviewDays: 30),
            term: try F.range("2018-06-12", "2023-06-12"), draftedOn: try F.date("2018-05-01")))
    }

    func signed(_ party: PartyID, on day: String) throws -> AgreementEvent {
        .signed(AgreementSigned(party: party, signatory: signatory, signatoryTitle: "Director", signedOn: try F.date(day), person: signatoryPerson))
    }

    func committed(_ amount: Amount? = nil, purpose: FundingPurpose = .phdStipend) throws -> FundingEvent {
        .committed(FundingCommitted(
            commitment: commitment, agreement: agreement, funder: tencent, purpose: purpose,
            amount: try amount ?? F.cash("1200000", "CNY"), period: try F.range("2018-09-01", "2022-09-01")))
    }

    func disbursed(_ amount: String, on day: String, reference: String) throws -> FundingEvent {
        .disbursementRecorded(DisbursementRecorded(amount: try F.cash(amount, "CNY"), valueDate: try F.date(day), reference: reference))
    }

    func agreementStream() -> LedgerFixtureStream<AgreementEventCodec> { LedgerFixtureStream(agreementStreamID, firstPosition: 10) }
    func commitmentStream() -> LedgerFixtureStream<FundingEventCodec> { LedgerFixtureStream(commitmentStreamID, firstPosition: 15) }
}
