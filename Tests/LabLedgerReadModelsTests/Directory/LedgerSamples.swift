import Foundation
import LabLedgerDomain
import Testing

/// The cast of the read-model tests: the Tencent / CUHK-Shenzhen joint lab, an outsider,
/// people with their personal data.
struct LedgerSamples {
    let tencent: PartyID
    let cuhksz: PartyID
    let jd: PartyID
    let hkstp: PartyID
    let lab: LabID
    let agreement: AgreementID
    let signatory: PersonID
    let signatoryPerson: PersonalData
    let advisor: PersonID
    let advisorPerson: PersonalData
    let advisorORCID: ORCID

    init() throws {
        tencent = try Self.value("tencent")
        cuhksz = try Self.value("cuhk-shenzhen")
        jd = try Self.value("jd-com")
        hkstp = try Self.value("hkstp")
        lab = try Self.value("tencent-cuhksz-machine-intelligence")
        agreement = try Self.value("tencent-cuhksz-joint-lab-2018")
        signatory = try Self.value("person-0100")
        signatoryPerson = try PersonalData(name: "Zhang Min", email: "zhang.min@example.com")
        advisor = try Self.value("advisor-01")
        advisorPerson = try PersonalData(name: "Chan Tai Man", email: "tm.chan@example.org", phone: "+852 5555 0000")
        advisorORCID = try Self.value("0000-0002-1694-233X")
    }

    static func value<T: ValidatedString>(_ text: String) throws -> T { try T(parsing: text) }
    static func day(_ text: String) throws -> LocalDate { try LocalDate(parsing: text) }
    static func period(_ from: String, _ to: String?) throws -> DateRange {
        try DateRange(from: day(from), to: to.map(day))
    }

    // MARK: party

    func registered(_ party: PartyID, _ name: String, _ kind: PartyKind, ror: String? = nil, country: String = "CN") throws -> PartyEvent {
        .registered(PartyRegistered(party: party, name: name, kind: kind, ror: try ror.map(Self.value), country: try Self.value(country)))
    }

    // MARK: lab

    var labFounded: LabEvent {
        get throws {
            .founded(LabFounded(
                lab: lab, name: "Machine Intelligence Joint Lab",
                founders: [LabParty(party: tencent, role: .industryPartner), LabParty(party: cuhksz, role: .university)],
                foundedOn: try Self.day("2018-06-12"), researchAreas: ["machine learning", "computer vision"]))
        }
    }

    func advisorAppointed() throws -> LabEvent {
        .advisoryBoardMemberAppointed(AdvisoryBoardMemberAppointed(
            advisor: advisor, orcid: advisorORCID, expertise: "computer vision", appointedOn: try Self.day("2018-07-01"),
            person: advisorPerson))
    }

    // MARK: agreement

    func agreementDrafted(term: DateRange? = nil, publicationReviewDays: Int = 30, peopleTerms: PeopleTerms? = nil) throws -> AgreementEvent {
        .drafted(AgreementDrafted(
            agreement: agreement, lab: lab, kind: .jointLabAgreement, title: "Machine Intelligence Joint Lab agreement",
            parties: [AgreementParty(party: tencent, role: .sponsor), AgreementParty(party: cuhksz, role: .university)],
            costShares: [CostShare(party: tencent, basisPoints: try BasisPoints(10_000))],
            ipTerms: IPTerms(ownership: .joint, sponsorOptionDays: 90, publicationReviewDays: publicationReviewDays),
            term: try term ?? Self.period("2018-06-12", "2023-06-12"), draftedOn: try Self.day("2018-05-01"), peopleTerms: peopleTerms))
    }

    func signed(_ party: PartyID, on day: String, by person: PersonID? = nil) throws -> AgreementEvent {
        .signed(AgreementSigned(
            party: party, signatory: person ?? signatory, signatoryTitle: "Director", signedOn: try Self.day(day),
            person: signatoryPerson))
    }
}
