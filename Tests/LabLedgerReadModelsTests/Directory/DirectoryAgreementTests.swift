import Foundation
import LabLedgerDomain
@testable import LabLedgerReadModels
import Testing

@Suite("Directory: agreements")
struct DirectoryAgreementTests {
    let s: LedgerSamples
    let model = StreamModel(DirectoryAgreementModel.self)
    let streamID = "agreement-tencent-cuhksz-joint-lab-2018"

    init() throws { s = try LedgerSamples() }

    @Test("a drafted agreement lists its parties with roles and cost shares and stays drafted until every party signs")
    func drafted() throws {
        var stream = RecordedTestStream(streamID)
        try stream.record(AgreementEventCodec.self, s.agreementDrafted())
        try stream.record(AgreementEventCodec.self, s.signed(s.tencent, on: "2018-06-10"))

        let folded = try stream.fold(model)
        let agreement = try #require(try folded.rows(DirectoryAgreementRow.self, DirectoryTables.agreements).first)
        let parties = try folded.rows(DirectoryAgreementPartyRow.self, DirectoryTables.agreementParties)

        #expect(agreement.status == .drafted)
        #expect(agreement.lab_id == "tencent-cuhksz-machine-intelligence")
        #expect(agreement.kind == "joint_lab_agreement")
        #expect(agreement.title == "Machine Intelligence Joint Lab agreement")
        #expect(agreement.term_from == (try LedgerSamples.day("2018-06-12")))
        #expect(agreement.term_to == (try LedgerSamples.day("2023-06-12")))
        #expect(agreement.ip_ownership == "joint")
        #expect(agreement.sponsor_option_days == 90)
        #expect(agreement.publication_review_days == 30)
        #expect(agreement.executed_on == nil)
        #expect(agreement.signature_count == 1)
        #expect(parties == [
            DirectoryAgreementPartyRow(
                stream_id: streamID, agreement_id: s.agreement.rawValue, lab_id: s.lab.rawValue, party_id: "tencent", role: "sponsor",
                position: 1, cost_share_basis_points: 10_000, signed_on: try LedgerSamples.day("2018-06-10"), signatory_id: "person-0100",
                signatory_title: "Director"),
            DirectoryAgreementPartyRow(
                stream_id: streamID, agreement_id: s.agreement.rawValue, lab_id: s.lab.rawValue, party_id: "cuhk-shenzhen",
                role: "university", position: 2, cost_share_basis_points: nil, signed_on: nil, signatory_id: nil, signatory_title: nil),
        ])
    }

    @Test("people terms fill the people_terms column; a draft without them leaves it empty")
    func peopleTerms() throws {
        var without = RecordedTestStream(streamID)
        try without.record(AgreementEventCodec.self, s.agreementDrafted())
        #expect(try without.fold(model).rows(DirectoryAgreementRow.self, DirectoryTables.agreements).first?.people_terms == nil)
        var with = RecordedTestStream(streamID)
        let terms = PeopleTerms(
            phdFunders: [s.tencent], degreeGrantors: [s.cuhksz], internshipHosts: [s.tencent], recruitsPostdocs: true,
            postdocRecruitmentScope: "worldwide")
        try with.record(AgreementEventCodec.self, s.agreementDrafted(peopleTerms: terms))
        let row = try #require(try with.fold(model).rows(DirectoryAgreementRow.self, DirectoryTables.agreements).first)
        #expect(row.people_terms == PeopleTermsColumn(terms))
        #expect(row.people_terms?.degree_grantors == ["cuhk-shenzhen"])
        #expect(row.people_terms?.postdoc_recruitment_scope == "worldwide")
    }

    @Test("the last signature executes the agreement on its date; signatories' names are only in directory_people")
    func executed() throws {
        var stream = RecordedTestStream(streamID)
        try stream.record(AgreementEventCodec.self, s.agreementDrafted())
        try stream.record(AgreementEventCodec.self, s.signed(s.tencent, on: "2018-06-10"))
        try stream.record(AgreementEventCodec.self, s.signed(s.cuhksz, on: "2018-06-12", by: try LedgerSamples.value("person-0200")))

        let folded = try stream.fold(model)
        let agreement = try #require(try folded.rows(DirectoryAgreementRow.self, DirectoryTables.agreements).first)

        #expect(agreement.status == .executed)
        #expect(agreement.executed_on == (try LedgerSamples.day("2018-06-12")))
        #expect(try folded.rows(DirectoryPersonRow.self, DirectoryTables.people).map(\.person_id) == ["person-0100", "person-0200"])
        #expect(try folded.rows(DirectoryPersonRow.self, DirectoryTables.people).allSatisfy { $0.role == .signatory && $0.name == "Zhang Min" })
        for table in DirectoryTables.all where table != DirectoryTables.people {
            #expect(!folded.json(table).contains("Zhang Min"), "a signatory's name leaked into \(table)")
            #expect(!folded.json(table).contains("zhang.min@example.com"), "a signatory's email leaked into \(table)")
        }
    }

    @Test("an amendment is counted, changes term and cost shares, and shows the agreement as amended")
    func amended() throws {
        var stream = RecordedTestStream(streamID)
        try stream.record(AgreementEventCodec.self, s.agreementDrafted())
        try stream.record(AgreementEventCodec.self, s.signed(s.tencent, on: "2018-06-10"))
        try stream.record(AgreementEventCodec.self, s.signed(s.cuhksz, on: "2018-06-12"))
        try stream.record(AgreementEventCodec.self, .amended(AgreementAmended(
            number: 1,
            changes: AmendmentChanges(
                summary: "Extend and rebalance",
                costShares: [CostShare(party: s.tencent, basisPoints: try BasisPoints(7000)), CostShare(party: s.cuhksz, basisPoints: try BasisPoints(3000))],
                term: try LedgerSamples.period("2018-06-12", "2028-06-12")),
            effectiveFrom: try LedgerSamples.day("2019-01-01"))))

        let folded = try stream.fold(model)
        let agreement = try #require(try folded.rows(DirectoryAgreementRow.self, DirectoryTables.agreements).first)

        #expect(agreement.status == .amended)
        #expect(agreement.amendment_count == 1)
        #expect(agreement.term_to == (try LedgerSamples.day("2028-06-12")))
        #expect(agreement.amendments == [.init(
            number: 1, summary: "Extend and rebalance", effective_from: try LedgerSamples.day("2019-01-01"), changes: ["cost_shares", "term"])])
        #expect(try folded.rows(DirectoryAgreementPartyRow.self, DirectoryTables.agreementParties).map(\.cost_share_basis_points) == [7000, 3000])
        #expect(folded.json(DirectoryTables.agreements).contains(#""amendments":[{"changes":["cost_shares","term"],"effective_from":"2019-01-01","number":1,"summary":"Extend and rebalance"}]"#))
    }

    @Test("a terminated agreement shows the day and the reason; an expired one the day it expired")
    func ended() throws {
        var terminated = RecordedTestStream(streamID)
        try terminated.record(AgreementEventCodec.self, s.agreementDrafted())
        try terminated.record(AgreementEventCodec.self, .terminated(AgreementTerminated(reason: "Sponsor withdrew", effectiveOn: try LedgerSamples.day("2021-06-30"))))
        var expired = RecordedTestStream(streamID)
        try expired.record(AgreementEventCodec.self, s.agreementDrafted())
        try expired.record(AgreementEventCodec.self, s.signed(s.tencent, on: "2018-06-10"))
        try expired.record(AgreementEventCodec.self, s.signed(s.cuhksz, on: "2018-06-12"))
        try expired.record(AgreementEventCodec.self, .expired(AgreementExpired(expiredOn: try LedgerSamples.day("2023-06-12"))))

        let terminatedRow = try #require(try terminated.fold(model).rows(DirectoryAgreementRow.self, DirectoryTables.agreements).first)
        let expiredRow = try #require(try expired.fold(model).rows(DirectoryAgreementRow.self, DirectoryTables.agreements).first)

        #expect(terminatedRow.status == .terminated)
        #expect(terminatedRow.terminated_on == (try LedgerSamples.day("2021-06-30")))
        #expect(terminatedRow.termination_reason == "Sponsor withdrew")
        #expect(expiredRow.status == .expired)
        #expect(expiredRow.expired_on == (try LedgerSamples.day("2023-06-12")))
    }

    @Test("a signature by a party the agreement does not name is refused as out of order")
    func strangerSigns() throws {
        var stream = RecordedTestStream(streamID)
        try stream.record(AgreementEventCodec.self, s.agreementDrafted())
        try stream.record(AgreementEventCodec.self, s.signed(s.jd, on: "2018-06-10"))

        #expect(throws: ReadModelError.self) { try stream.fold(model) }
    }

    @Test("folding event by event through stored documents gives the same document and rows as folding at once")
    func incrementalEqualsRebuild() throws {
        var stream = RecordedTestStream(streamID)
        try stream.record(AgreementEventCodec.self, s.agreementDrafted())
        try stream.record(AgreementEventCodec.self, s.signed(s.cuhksz, on: "2018-06-11"))
        try stream.record(AgreementEventCodec.self, s.signed(s.tencent, on: "2018-06-12"))
        try stream.record(AgreementEventCodec.self, .amended(AgreementAmended(
            number: 1, changes: AmendmentChanges(summary: "Open-ended", term: DateRange.starting(try LedgerSamples.day("2018-06-12"))),
            effectiveFrom: try LedgerSamples.day("2020-01-01"))))

        let atOnce = try stream.fold(model)
        let eventByEvent = try stream.foldEventByEvent(model)

        #expect(atOnce.document == eventByEvent.document)
        #expect(atOnce.rows == eventByEvent.rows)
        let document = try JSONDecoder().decode(DirectoryAgreementDocument.self, from: atOnce.document)
        #expect(document.state == AgreementDecider.fold(try stream.events.map { try $0.decoded(AgreementEventCodec.self) }))
        #expect(try atOnce.rows(DirectoryAgreementRow.self, DirectoryTables.agreements).first?.term_to == nil)
    }
}
