import Foundation
import LabLedgerDomain
@testable import LabLedgerReadModels
import Testing

@Suite("Directory: labs")
struct DirectoryLabTests {
    let s: LedgerSamples
    let model = StreamModel(DirectoryLabModel.self)
    let streamID = "lab-tencent-cuhksz-machine-intelligence"

    init() throws { s = try LedgerSamples() }

    @Test("a founded lab is active, and its founders are current members admitted on the founding day")
    func founded() throws {
        var stream = RecordedTestStream(streamID)
        try stream.record(LabEventCodec.self, s.labFounded)

        let folded = try stream.fold(model)
        let lab = try #require(try folded.rows(DirectoryLabRow.self, DirectoryTables.labs).first)
        let members = try folded.rows(DirectoryLabMemberRow.self, DirectoryTables.labMembers)

        #expect(lab == DirectoryLabRow(
            stream_id: streamID, lab_id: "tencent-cuhksz-machine-intelligence", name: "Machine Intelligence Joint Lab",
            founded_on: try LedgerSamples.day("2018-06-12"), research_areas: ["machine learning", "computer vision"], status: .active,
            dissolved_on: nil, dissolution_reason: nil, founder_ids: ["tencent", "cuhk-shenzhen"], member_count: 2,
            advisory_board_size: 0, non_profit: nil, financially_independent: nil, operating_cost_sharers: nil,
            stream_version: 1, updated_position: 100))
        #expect(members.map(\.party_id) == ["tencent", "cuhk-shenzhen"])
        #expect(members.map(\.role) == ["industry_partner", "university"])
        #expect(members.allSatisfy { $0.founder && $0.current && $0.admitted_on == lab.founded_on })
    }

    @Test("a recorded profile fills the overview's profile columns and replaces the one before")
    func profile() throws {
        var stream = RecordedTestStream(streamID)
        try stream.record(LabEventCodec.self, s.labFounded)
        let shared = LabProfile(nonProfit: true, financiallyIndependent: false, operatingCostSharers: [s.tencent, s.cuhksz])
        try stream.record(LabEventCodec.self, .profileRecorded(LabProfileRecorded(profile: shared, recordedOn: try LedgerSamples.day("2019-01-01"))))
        var lab = try #require(try stream.fold(model).rows(DirectoryLabRow.self, DirectoryTables.labs).first)
        #expect(lab.non_profit == true)
        #expect(lab.financially_independent == false)
        #expect(lab.operating_cost_sharers == ["tencent", "cuhk-shenzhen"])
        let independent = LabProfile(nonProfit: false, financiallyIndependent: true, operatingCostSharers: [])
        try stream.record(LabEventCodec.self, .profileRecorded(LabProfileRecorded(profile: independent, recordedOn: try LedgerSamples.day("2020-01-01"))))
        lab = try #require(try stream.fold(model).rows(DirectoryLabRow.self, DirectoryTables.labs).first)
        #expect(lab.non_profit == false)
        #expect(lab.financially_independent == true)
        #expect(lab.operating_cost_sharers == [])
        #expect(lab.stream_version == 3)
    }

    @Test("a departure closes the member's spell, a re-admission opens another, and the count follows")
    func membershipSpells() throws {
        var stream = RecordedTestStream(streamID)
        try stream.record(LabEventCodec.self, s.labFounded)
        try stream.record(LabEventCodec.self, .memberAdmitted(MemberAdmitted(party: s.jd, role: .industryPartner, admittedOn: try LedgerSamples.day("2019-01-01"))))
        try stream.record(LabEventCodec.self, .memberDeparted(MemberDeparted(party: s.jd, departedOn: try LedgerSamples.day("2020-01-01"), reason: "strategy change")))
        try stream.record(LabEventCodec.self, .memberAdmitted(MemberAdmitted(party: s.jd, role: .funder, admittedOn: try LedgerSamples.day("2021-03-01"))))

        let folded = try stream.fold(model)
        let jd = try folded.rows(DirectoryLabMemberRow.self, DirectoryTables.labMembers).filter { $0.party_id == "jd-com" }

        #expect(jd.map(\.seq) == [3, 4])
        #expect(jd.map(\.role) == ["industry_partner", "funder"])
        #expect(jd[0].departed_on == (try LedgerSamples.day("2020-01-01")))
        #expect(jd[0].departure_reason == "strategy change")
        #expect(jd.map(\.current) == [false, true])
        #expect(try folded.rows(DirectoryLabRow.self, DirectoryTables.labs).first?.member_count == 3)
    }

    @Test("advisors are counted in the overview; their names, contacts and ORCID iDs are only in directory_people")
    func advisoryBoard() throws {
        var stream = RecordedTestStream(streamID)
        try stream.record(LabEventCodec.self, s.labFounded)
        try stream.record(LabEventCodec.self, s.advisorAppointed())

        let folded = try stream.fold(model)

        #expect(try folded.rows(DirectoryLabRow.self, DirectoryTables.labs).first?.advisory_board_size == 1)
        #expect(try folded.rows(DirectoryLabAdvisorRow.self, DirectoryTables.labAdvisors) == [DirectoryLabAdvisorRow(
            stream_id: streamID, lab_id: s.lab.rawValue, person_id: "advisor-01", expertise: "computer vision",
            appointed_on: try LedgerSamples.day("2018-07-01"))])
        #expect(try folded.rows(DirectoryPersonRow.self, DirectoryTables.people) == [DirectoryPersonRow(
            stream_id: streamID, person_id: "advisor-01", role: .advisor, name: "Chan Tai Man", email: "tm.chan@example.org",
            phone: "+852 5555 0000", orcid: "0000-0002-1694-233X")])
        for table in DirectoryTables.all where table != DirectoryTables.people {
            for secret in ["Chan Tai Man", "tm.chan@example.org", "5555", "0000-0002-1694-233X"] {
                #expect(!folded.json(table).contains(secret), "\(secret) leaked into \(table)")
            }
        }
    }

    @Test("a dissolved lab shows the day and the reason")
    func dissolved() throws {
        var stream = RecordedTestStream(streamID)
        try stream.record(LabEventCodec.self, s.labFounded)
        try stream.record(LabEventCodec.self, .dissolved(LabDissolved(dissolvedOn: try LedgerSamples.day("2024-01-01"), reason: "programme ended")))

        let lab = try #require(try stream.fold(model).rows(DirectoryLabRow.self, DirectoryTables.labs).first)

        #expect(lab.status == .dissolved)
        #expect(lab.dissolved_on == (try LedgerSamples.day("2024-01-01")))
        #expect(lab.dissolution_reason == "programme ended")
        #expect(lab.stream_version == 2)
    }

    @Test("the departure of a party that is not a member is refused as out of order")
    func departureOfStranger() throws {
        var stream = RecordedTestStream(streamID)
        try stream.record(LabEventCodec.self, s.labFounded)
        try stream.record(LabEventCodec.self, .memberDeparted(MemberDeparted(party: s.jd, departedOn: try LedgerSamples.day("2020-01-01"), reason: "never joined")))

        #expect(throws: ReadModelError.self) { try stream.fold(model) }
    }

    @Test("folding event by event through stored documents gives the same document and rows as folding at once")
    func incrementalEqualsRebuild() throws {
        var stream = RecordedTestStream(streamID)
        try stream.record(LabEventCodec.self, s.labFounded)
        try stream.record(LabEventCodec.self, .memberAdmitted(MemberAdmitted(party: s.jd, role: .industryPartner, admittedOn: try LedgerSamples.day("2019-01-01"))))
        try stream.record(LabEventCodec.self, .memberAdmitted(MemberAdmitted(party: s.hkstp, role: .host, admittedOn: try LedgerSamples.day("2019-02-01"))))
        try stream.record(LabEventCodec.self, s.advisorAppointed())
        try stream.record(LabEventCodec.self, .advisoryBoardMemberAppointed(AdvisoryBoardMemberAppointed(
            advisor: try LedgerSamples.value("advisor-02"), orcid: nil, expertise: "NLP", appointedOn: try LedgerSamples.day("2018-08-01"),
            person: try PersonalData(name: "Wong Siu Ming"))))

        let atOnce = try stream.fold(model)
        let eventByEvent = try stream.foldEventByEvent(model)

        #expect(atOnce.document == eventByEvent.document)
        #expect(atOnce.rows == eventByEvent.rows)
        let document = try JSONDecoder().decode(DirectoryLabDocument.self, from: atOnce.document)
        #expect(document.state == LabDecider.fold(try stream.events.map { try $0.decoded(LabEventCodec.self) }))
    }
}
