import Foundation
import LabLedgerDomain
@testable import LabLedgerReadModels
import Testing

@Suite("Deadlines: agreement terms and placements")
struct DeadlinesAgreementAndPlacementTests {
    let s: LedgerSamples
    let agreementModel = StreamModel(DeadlinesAgreementModel.self)
    let placementModel = StreamModel(DeadlinesPlacementModel.self)

    init() throws { s = try LedgerSamples() }

    @Test("a draft has no term deadline; once executed its term end is one, an amendment moves it, a termination settles it")
    func termEnd() throws {
        var stream = RecordedTestStream("agreement-tencent-cuhksz-joint-lab-2018")
        try stream.record(AgreementEventCodec.self, s.agreementDrafted())
        try stream.record(AgreementEventCodec.self, s.signed(s.tencent, on: "2018-06-10"))
        let draft = try stream.fold(agreementModel)
        try stream.record(AgreementEventCodec.self, s.signed(s.cuhksz, on: "2018-06-12"))
        let executed = try #require(try stream.fold(agreementModel).rows(DeadlineRow.self, DeadlinesTables.deadlines).first)
        try stream.record(AgreementEventCodec.self, .amended(AgreementAmended(
            number: 1, changes: AmendmentChanges(summary: "Extend", term: try LedgerSamples.period("2018-06-12", "2028-06-12")),
            effectiveFrom: try LedgerSamples.day("2019-01-01"))))
        let amended = try #require(try stream.fold(agreementModel).rows(DeadlineRow.self, DeadlinesTables.deadlines).first)
        try stream.record(AgreementEventCodec.self, .terminated(AgreementTerminated(reason: "Sponsor withdrew", effectiveOn: try LedgerSamples.day("2021-06-30"))))
        let terminated = try #require(try stream.fold(agreementModel).rows(DeadlineRow.self, DeadlinesTables.deadlines).first)

        #expect(draft.rows.tables[DeadlinesTables.deadlines] == nil)
        #expect(executed.kind == .agreementTermEnd)
        #expect(executed.deadline_key == "term-end")
        #expect(executed.subject == "tencent-cuhksz-joint-lab-2018")
        #expect(executed.party_ids == ["cuhk-shenzhen", "tencent"])
        #expect(executed.due_on == (try LedgerSamples.day("2023-06-12")))
        #expect(executed.description == "Term of 'Machine Intelligence Joint Lab agreement' ends")
        #expect(executed.open)
        #expect(amended.due_on == (try LedgerSamples.day("2028-06-12")))
        #expect(!terminated.open)
        #expect(terminated.resolution == .terminated)
        #expect(terminated.resolved_on == (try LedgerSamples.day("2021-06-30")))
    }

    @Test("an executed agreement with an open-ended term has no term deadline")
    func openEndedTerm() throws {
        var stream = RecordedTestStream("agreement-tencent-cuhksz-joint-lab-2018")
        try stream.record(AgreementEventCodec.self, s.agreementDrafted(term: DateRange.starting(try LedgerSamples.day("2018-06-12"))))
        try stream.record(AgreementEventCodec.self, s.signed(s.tencent, on: "2018-06-10"))
        try stream.record(AgreementEventCodec.self, s.signed(s.cuhksz, on: "2018-06-12"))

        #expect(try stream.fold(agreementModel).rows.tables[DeadlinesTables.deadlines] == nil)
    }

    @Test("a studentship's end and its internship's end are deadlines for grantor, sponsor and host, without the student's personal data")
    func studentship() throws {
        var stream = RecordedTestStream("placement-phd-2018-001")
        try stream.record(PlacementEventCodec.self, s.studentshipAwarded())
        try stream.record(PlacementEventCodec.self, s.internshipStarted(at: s.jd, "2019-07-01", "2019-09-01"))

        let folded = try stream.fold(placementModel)
        let rows = try folded.rows(DeadlineRow.self, DeadlinesTables.deadlines)

        #expect(rows.map(\.deadline_key) == ["placement-end", "internship-1"])
        #expect(rows.map(\.kind) == [.placementEnd, .internshipEnd])
        #expect(rows.map(\.due_on) == [try LedgerSamples.day("2022-09-01"), try LedgerSamples.day("2019-09-01")])
        #expect(rows.map(\.party_ids) == [["cuhk-shenzhen", "tencent"], ["cuhk-shenzhen", "jd-com", "tencent"]])
        #expect(rows.map(\.description) == ["PhD studentship phd-2018-001 ends", "Internship of phd-2018-001 at jd-com ends"])
        #expect(rows.allSatisfy { $0.open && $0.lab_id == "tencent-cuhksz-machine-intelligence" })
        for secret in ["Li Wei", "li.wei@example.edu.cn", "person-0001", "0000-0003-3333-3330"] {
            #expect(!folded.json(DeadlinesTables.deadlines).contains(secret), "\(secret) leaked into the deadlines")
            #expect(!String(decoding: folded.document, as: UTF8.self).contains(secret), "\(secret) is kept in the document")
        }
    }

    @Test("ending the internship and then the placement settles both deadlines on their days")
    func ended() throws {
        var stream = RecordedTestStream("placement-phd-2018-001")
        try stream.record(PlacementEventCodec.self, s.studentshipAwarded())
        try stream.record(PlacementEventCodec.self, s.internshipStarted(at: s.jd, "2019-07-01", "2019-09-01"))
        try stream.record(PlacementEventCodec.self, .internshipEnded(InternshipEnded(endedOn: try LedgerSamples.day("2019-08-15"))))
        try stream.record(PlacementEventCodec.self, .ended(PlacementEnded(reason: .completed, endedOn: try LedgerSamples.day("2022-08-31"))))

        let rows = try stream.fold(placementModel).rows(DeadlineRow.self, DeadlinesTables.deadlines)

        #expect(rows.map(\.open) == [false, false])
        #expect(rows.map(\.resolution) == [.ended, .ended])
        #expect(rows.map(\.resolved_on) == [try LedgerSamples.day("2022-08-31"), try LedgerSamples.day("2019-08-15")])
        #expect(rows.map(\.stream_version) == [4, 4])
    }

    @Test("a postdoc appointment's end concerns its employer")
    func postdoc() throws {
        var stream = RecordedTestStream("placement-postdoc-2019-001")
        try stream.record(PlacementEventCodec.self, .postdocAppointed(PostdocAppointed(
            placement: try LedgerSamples.value("postdoc-2019-001"), lab: s.lab, agreement: s.agreement,
            researcher: try LedgerSamples.value("person-0200"), orcid: nil, employer: s.cuhksz,
            period: try LedgerSamples.period("2019-03-01", "2021-03-01"), appointedOn: try LedgerSamples.day("2019-01-15"),
            person: try PersonalData(name: "Maria Rossi"))))

        let row = try #require(try stream.fold(placementModel).rows(DeadlineRow.self, DeadlinesTables.deadlines).first)

        #expect(row.description == "Postdoc appointment postdoc-2019-001 ends")
        #expect(row.party_ids == ["cuhk-shenzhen"])
        #expect(row.due_on == (try LedgerSamples.day("2021-03-01")))
    }
}
