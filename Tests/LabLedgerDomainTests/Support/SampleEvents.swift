import Testing
@testable import LabLedgerDomain

/// One event of every type of every aggregate in this module, with optional fields both set
/// and unset where that changes the JSON.
struct SampleEvents {
    let party: [PartyEvent]
    let lab: [LabEvent]
    let agreement: [AgreementEvent]
    let funding: [FundingEvent]
    let placement: [PlacementEvent]

    init() throws {
        let s = try Samples()
        party = [
            .registered(PartyRegistered(party: s.cuhksz, name: "The Chinese University of Hong Kong, Shenzhen", kind: .university, ror: nil, country: try parsed("CN"))),
            .registered(PartyRegistered(party: try parsed("hku"), name: "The University of Hong Kong", kind: .university, ror: try parsed("https://ror.org/02zhqgq86"), country: try parsed("HK"))),
            .detailsCorrected(PartyDetailsCorrected(name: "The Chinese University of Hong Kong", kind: .university, ror: try parsed("https://ror.org/00t33hh48"), country: try parsed("HK"), reason: "ROR id added")),
        ]
        lab = [
            s.labFounded,
            .memberAdmitted(MemberAdmitted(party: s.jd, role: .industryPartner, admittedOn: try date("2019-01-01"))),
            .memberDeparted(MemberDeparted(party: s.jd, departedOn: try date("2020-01-01"), reason: "strategy change")),
            .advisoryBoardMemberAppointed(AdvisoryBoardMemberAppointed(
                advisor: try parsed("advisor-01"), orcid: try parsed("0000-0002-1825-0097"), expertise: "computer vision",
                appointedOn: try date("2018-07-01"), person: try PersonalData(name: "Chan Tai Man", email: "tm.chan@example.org", phone: "+852 5555 0000"))),
            .profileRecorded(LabProfileRecorded(
                profile: LabProfile(nonProfit: true, financiallyIndependent: false, operatingCostSharers: [s.tencent]), recordedOn: try date("2019-01-01"))),
            .dissolved(LabDissolved(dissolvedOn: try date("2024-01-01"), reason: "programme ended")),
        ]
        agreement = [
            try s.agreementDrafted(),
            try s.signed(s.tencent),
            .amended(AgreementAmended(number: 1, changes: AmendmentChanges(
                summary: "Extend and rebalance", costShares: try s.costShares(7000, 3000), term: try range("2018-06-12", "2028-06-12"),
                ipTerms: IPTerms(ownership: .byInventorship, sponsorOptionDays: 120, publicationReviewDays: 45)), effectiveFrom: try date("2019-01-01"))),
            .amended(AgreementAmended(number: 2, changes: AmendmentChanges(summary: "Open-ended term", term: DateRange.starting(try date("2018-06-12"))), effectiveFrom: try date("2020-01-01"))),
            .terminated(AgreementTerminated(reason: "Sponsor withdrew", effectiveOn: try date("2021-06-30"))),
            .expired(AgreementExpired(expiredOn: try date("2023-06-12"))),
        ]
        funding = [
            try s.fundingCommitted(),
            .committed(FundingCommitted(commitment: try parsed("alibaba-cloud-gpu"), agreement: s.agreement, funder: s.tencent, purpose: .computeCredits,
                                        amount: .inKind(InKindQuantity(50_000, .gpuHours)), period: try range("2018-09-01", "2019-09-01"))),
            .disbursementRecorded(DisbursementRecorded(amount: .cash(try s.cny("15000")), valueDate: try date("2018-09-30"), reference: "TX-1")),
            .disbursementReversed(DisbursementReversed(reference: "TX-1", reason: "paid twice", reversedOn: try date("2018-10-02"))),
            .adjusted(CommitmentAdjusted(delta: .cash(try s.cny("-100000")), amendment: 1)),
            .closed(CommitmentClosed(closedOn: try date("2022-09-01"), reason: "programme complete")),
        ]
        placement = [
            try s.studentshipAwarded(),
            .stipendPaid(StipendPaid(amount: try s.cny("15000"), forPeriod: try range("2018-09-01", "2018-10-01"), paidOn: try date("2018-09-01"),
                                     commitment: s.commitment, reference: "STIPEND-2018-09")),
            .internshipStarted(InternshipStarted(host: s.tencent, agreement: s.agreement, period: try range("2019-07-01", "2019-09-01"))),
            .internshipEnded(InternshipEnded(endedOn: try date("2019-09-01"))),
            .postdocAppointed(PostdocAppointed(
                placement: try parsed("postdoc-2019-001"), lab: s.lab, agreement: s.agreement, researcher: try parsed("person-0200"), orcid: nil,
                employer: s.cuhksz, period: try range("2019-03-01", "2021-03-01"), appointedOn: try date("2019-01-15"), person: try PersonalData(name: "Maria Rossi"))),
            .degreeConferred(DegreeConferred(grantor: s.cuhksz, degree: "PhD in Computer Science", conferredOn: try date("2022-07-01"))),
            .ended(PlacementEnded(reason: .completed, endedOn: try date("2022-08-31"))),
        ]
    }

    func encodedAll() throws -> [EncodedEvent] {
        try party.map(PartyEventCodec.encode) + lab.map(LabEventCodec.encode) + agreement.map(AgreementEventCodec.encode)
            + funding.map(FundingEventCodec.encode) + placement.map(PlacementEventCodec.encode)
    }
}

/// Decodes any event of this module by finding the codec that knows its type, and re-encodes
/// it with the same codec.
enum AnyDomainEvent {
    static let allTypes = PartyEventCodec.eventTypes + LabEventCodec.eventTypes + AgreementEventCodec.eventTypes
        + FundingEventCodec.eventTypes + PlacementEventCodec.eventTypes

    static func roundTrip(_ encoded: EncodedEvent) throws -> EncodedEvent {
        if PartyEventCodec.eventTypes.contains(encoded.type) { return try PartyEventCodec.encode(PartyEventCodec.decode(encoded)) }
        if LabEventCodec.eventTypes.contains(encoded.type) { return try LabEventCodec.encode(LabEventCodec.decode(encoded)) }
        if AgreementEventCodec.eventTypes.contains(encoded.type) { return try AgreementEventCodec.encode(AgreementEventCodec.decode(encoded)) }
        if FundingEventCodec.eventTypes.contains(encoded.type) { return try FundingEventCodec.encode(FundingEventCodec.decode(encoded)) }
        if PlacementEventCodec.eventTypes.contains(encoded.type) { return try PlacementEventCodec.encode(PlacementEventCodec.decode(encoded)) }
        throw EventDecodingError.unknownType(encoded.type)
    }
}
