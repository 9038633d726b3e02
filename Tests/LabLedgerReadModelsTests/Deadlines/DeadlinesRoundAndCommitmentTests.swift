import Foundation
import LabLedgerDomain
@testable import LabLedgerReadModels
import Testing

@Suite("Deadlines: application windows, funding periods, the projection")
struct DeadlinesRoundAndCommitmentTests {
    let s: LedgerSamples
    let roundModel = StreamModel(DeadlinesRoundModel.self)
    let commitmentModel = StreamModel(DeadlinesCommitmentModel.self)

    init() throws { s = try LedgerSamples() }

    @Test("a round's window close stays open until the round records something dated on or after it, and concerns the applicants")
    func applicationWindow() throws {
        let startup: PartyID = try LedgerSamples.value("deep-vision-startup")
        var stream = RecordedTestStream("round-hkai-2018-autumn")
        try stream.record(RoundEventCodec.self, s.roundOpened())
        try stream.record(RoundEventCodec.self, .startupApplied(StartupApplied(startup: startup, appliedOn: try LedgerSamples.day("2018-09-20"))))
        try stream.record(RoundEventCodec.self, .startupAdmitted(StartupAdmitted(startup: startup, admittedOn: try LedgerSamples.day("2018-09-25"))))
        let open = try #require(try stream.fold(roundModel).rows(DeadlineRow.self, DeadlinesTables.deadlines).first)
        try stream.record(RoundEventCodec.self, .mentorAssigned(MentorAssigned(
            startup: startup, mentor: try LedgerSamples.value("advisor-01"), assignedOn: try LedgerSamples.day("2018-10-03"),
            person: s.advisorPerson)))
        let passed = try stream.fold(roundModel)
        let passedRow = try #require(try passed.rows(DeadlineRow.self, DeadlinesTables.deadlines).first)

        #expect(open.kind == .applicationWindowClose)
        #expect(open.subject == "hkai-2018-autumn")
        #expect(open.due_on == (try LedgerSamples.day("2018-10-01")))
        #expect(open.party_ids == ["deep-vision-startup"])
        #expect(open.description == "Applications to round 1 of tencent-cuhksz-machine-intelligence close")
        #expect(open.open)
        #expect(passedRow.resolution == .passed)
        #expect(passedRow.resolved_on == (try LedgerSamples.day("2018-10-03")))
        #expect(!String(decoding: passed.document, as: UTF8.self).contains("Chan Tai Man"))
    }

    @Test("a commitment's funding period end concerns its funder, names no lab, and is settled when the commitment closes")
    func commitmentPeriod() throws {
        var stream = RecordedTestStream("commitment-tencent-phd-stipends-2018")
        try stream.record(FundingEventCodec.self, s.fundingCommitted())
        try stream.record(FundingEventCodec.self, .disbursementRecorded(DisbursementRecorded(
            amount: .cash(try Money(parsing: "15000", currency: try LedgerSamples.value("CNY"))), valueDate: try LedgerSamples.day("2018-09-30"),
            reference: "TX-1")))
        let open = try #require(try stream.fold(commitmentModel).rows(DeadlineRow.self, DeadlinesTables.deadlines).first)
        try stream.record(FundingEventCodec.self, .closed(CommitmentClosed(closedOn: try LedgerSamples.day("2022-09-01"), reason: "programme complete")))
        let closed = try #require(try stream.fold(commitmentModel).rows(DeadlineRow.self, DeadlinesTables.deadlines).first)

        #expect(open.kind == .commitmentPeriodEnd)
        #expect(open.lab_id == nil)
        #expect(open.party_ids == ["tencent"])
        #expect(open.due_on == (try LedgerSamples.day("2022-09-01")))
        #expect(open.description == "Funding period of tencent-phd-stipends-2018 (phd_stipend by tencent under tencent-cuhksz-joint-lab-2018) ends")
        #expect(open.stream_version == 1)
        #expect(closed.resolution == .closed)
        #expect(closed.stream_version == 3)
        #expect(closed.updated_position == 114)
    }

    @Test("the deadlines projection routes six categories and reads only the event types it needs")
    func projection() {
        let projection = DeadlinesReadModel.projection

        #expect(projection.name == "deadlines")
        #expect(projection.tables == ["deadlines_documents", "deadlines"])
        for (stream, category) in [
            ("ipasset-a1", StreamCategory.ipAsset), ("output-o1", .output), ("agreement-a1", .agreement), ("placement-p1", .placement),
            ("round-r1", .round), ("commitment-c1", .commitment),
        ] {
            #expect(projection.model(for: stream)?.category == category)
        }
        #expect(projection.model(for: "party-tencent") == nil)
        for unread in [StipendPaid.eventType, DegreeConferred.eventType, DisbursementRecorded.eventType, OutputValidated.eventType, PatentGranted.eventType] {
            #expect(!projection.eventTypes.contains(unread), "\(unread) is read")
        }
    }

    @Test("folding event by event through stored documents gives the same documents and rows as folding at once, in every category")
    func incrementalEqualsRebuild() throws {
        var asset = RecordedTestStream("ipasset-mi-lab-invention-001")
        try asset.record(IPAssetEventCodec.self, s.inventionDisclosed())
        try asset.record(IPAssetEventCodec.self, s.ownershipDetermined())
        try asset.record(IPAssetEventCodec.self, s.optionGranted(1, expiresOn: "2019-06-01"))
        try asset.record(IPAssetEventCodec.self, .optionLapsed(OptionLapsed(option: 1, lapsedOn: try LedgerSamples.day("2019-06-01"))))
        var output = RecordedTestStream("output-mi-lab-paper-001")
        try output.record(OutputEventCodec.self, s.outputRegistered())
        try output.record(OutputEventCodec.self, s.reviewRequested("2019-04-01", endsOn: "2019-05-01", reviewers: [s.jd, s.tencent]))
        try output.record(OutputEventCodec.self, s.reviewCleared(by: s.tencent, "2019-04-10"))
        var agreement = RecordedTestStream("agreement-tencent-cuhksz-joint-lab-2018")
        try agreement.record(AgreementEventCodec.self, s.agreementDrafted())
        try agreement.record(AgreementEventCodec.self, s.signed(s.cuhksz, on: "2018-06-11"))
        try agreement.record(AgreementEventCodec.self, s.signed(s.tencent, on: "2018-06-12"))
        var placement = RecordedTestStream("placement-phd-2018-001")
        try placement.record(PlacementEventCodec.self, s.studentshipAwarded())
        try placement.record(PlacementEventCodec.self, s.internshipStarted(at: s.jd, "2019-07-01", "2019-09-01"))
        var round = RecordedTestStream("round-hkai-2018-autumn")
        try round.record(RoundEventCodec.self, s.roundOpened())
        try round.record(RoundEventCodec.self, .startupApplied(StartupApplied(startup: s.jd, appliedOn: try LedgerSamples.day("2018-09-20"))))
        var commitment = RecordedTestStream("commitment-tencent-phd-stipends-2018")
        try commitment.record(FundingEventCodec.self, s.fundingCommitted())
        try commitment.record(FundingEventCodec.self, .closed(CommitmentClosed(closedOn: try LedgerSamples.day("2022-09-01"), reason: "done")))

        for stream in [asset, output, agreement, placement, round, commitment] {
            let model = try #require(DeadlinesReadModel.projection.model(for: stream.streamID))
            let atOnce = try stream.fold(model)
            let eventByEvent = try stream.foldEventByEvent(model)
            #expect(atOnce.document == eventByEvent.document, "\(stream.streamID)")
            #expect(atOnce.rows == eventByEvent.rows, "\(stream.streamID)")
            #expect(atOnce.rows.tables[DeadlinesTables.deadlines]?.isEmpty == false, "\(stream.streamID) has no deadline")
        }
    }
}
