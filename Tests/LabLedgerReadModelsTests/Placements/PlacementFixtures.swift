import LabLedgerDomain
@testable import LabLedgerReadModels

/// A Tencent-sponsored PhD studentship at CUHK-Shenzhen, and a postdoc employed by CUHK-Shenzhen.
struct PlacementFixtures {
    typealias F = LedgerFixtures

    let tencent: PartyID
    let cuhksz: PartyID
    let lab: LabID
    let agreement: AgreementID
    let commitment: CommitmentID
    let student: PersonID
    let studentPerson: PersonalData
    let orcid: ORCID

    init() throws {
        tencent = try F.id("tencent")
        cuhksz = try F.id("cuhk-shenzhen")
        lab = try F.id("tencent-cuhksz-machine-intelligence")
        agreement = try F.id("tencent-cuhksz-joint-lab-2018")
        commitment = try F.id("tencent-phd-stipends-2018")
        student = try F.id("person-0001")
        studentPerson = try PersonalData(name: "Li Wei", email: "li.wei@example.edu.cn", phone: "+86 138 0000 0000")
        orcid = try F.id("0000-0002-1825-0097")
    }

    func awarded() throws -> PlacementEvent {
        .studentshipAwarded(StudentshipAwarded(
            placement: try F.id("phd-2018-001"), lab: lab, agreement: agreement, student: student, orcid: orcid,
            degreeGrantor: cuhksz, sponsor: tencent, stipend: Stipend(monthly: try F.money("15000", "CNY"), commitment: commitment),
            period: try F.range("2018-09-01", "2022-09-01"), awardedOn: try F.date("2018-07-01"), person: studentPerson))
    }

    func appointed() throws -> PlacementEvent {
        .postdocAppointed(PostdocAppointed(
            placement: try F.id("postdoc-2019-001"), lab: lab, agreement: agreement, researcher: try F.id("person-0002"),
            orcid: nil, employer: cuhksz, period: try F.range("2019-03-01", "2021-03-01"), appointedOn: try F.date("2019-01-15"),
            person: try PersonalData(name: "Chen Jing")))
    }

    func stipend(_ amount: String, _ currency: String = "CNY", month: String, reference: String) throws -> PlacementEvent {
        .stipendPaid(StipendPaid(
            amount: try F.money(amount, currency), forPeriod: try F.range("\(month)-01", nil), paidOn: try F.date("\(month)-25"),
            commitment: commitment, reference: reference))
    }

    func internship(from: String, to: String) throws -> PlacementEvent {
        .internshipStarted(InternshipStarted(host: tencent, agreement: agreement, period: try F.range(from, to)))
    }

    func studentshipStream() -> LedgerFixtureStream<PlacementEventCodec> { LedgerFixtureStream("placement-phd-2018-001", firstPosition: 100) }
    func postdocStream() -> LedgerFixtureStream<PlacementEventCodec> { LedgerFixtureStream("placement-postdoc-2019-001", firstPosition: 200) }
}
