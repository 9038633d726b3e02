import Foundation
import LabLedgerDomain
@testable import LabLedgerReadModels
import Testing

@Suite("Deadlines: option expiries and publication reviews")
struct DeadlinesIPAssetAndOutputTests {
    let s: LedgerSamples
    let assetModel = StreamModel(DeadlinesIPAssetModel.self)
    let outputModel = StreamModel(DeadlinesOutputModel.self)

    init() throws { s = try LedgerSamples() }

    @Test("an option is an open deadline on its expiry for the sponsor and the owners; exercising it settles it")
    func optionExpiry() throws {
        var stream = RecordedTestStream("ipasset-mi-lab-invention-001")
        try stream.record(IPAssetEventCodec.self, s.inventionDisclosed())
        try stream.record(IPAssetEventCodec.self, s.ownershipDetermined())
        try stream.record(IPAssetEventCodec.self, s.optionGranted(1, to: s.jd, expiresOn: "2019-06-01"))
        let open = try #require(try stream.fold(assetModel).rows(DeadlineRow.self, DeadlinesTables.deadlines).first)
        try stream.record(IPAssetEventCodec.self, .optionExercised(OptionExercised(option: 1, exercisedOn: try LedgerSamples.day("2019-05-20"))))
        let settled = try #require(try stream.fold(assetModel).rows(DeadlineRow.self, DeadlinesTables.deadlines).first)

        #expect(open.deadline_key == "option-1")
        #expect(open.kind == .optionExpiry)
        #expect(open.subject == "mi-lab-invention-001")
        #expect(open.lab_id == "tencent-cuhksz-machine-intelligence")
        #expect(open.party_ids == ["cuhk-shenzhen", "jd-com", "tencent"])
        #expect(open.due_on == (try LedgerSamples.day("2019-06-01")))
        #expect(open.description == "Option 1 of jd-com on 'Few-shot detector' (computer-vision, robotics) expires")
        #expect(open.open)
        #expect(open.resolution == nil)
        #expect(!settled.open)
        #expect(settled.resolution == .exercised)
        #expect(settled.resolved_on == (try LedgerSamples.day("2019-05-20")))
        #expect(settled.stream_version == 4)
    }

    @Test("each option is its own deadline; declined and lapsed ones are settled, a transfer changes who is concerned")
    func severalOptions() throws {
        var stream = RecordedTestStream("ipasset-mi-lab-invention-001")
        try stream.record(IPAssetEventCodec.self, s.inventionDisclosed())
        try stream.record(IPAssetEventCodec.self, s.ownershipDetermined())
        try stream.record(IPAssetEventCodec.self, s.optionGranted(1, expiresOn: "2019-06-01"))
        try stream.record(IPAssetEventCodec.self, s.optionGranted(2, expiresOn: "2019-09-01"))
        try stream.record(IPAssetEventCodec.self, s.optionGranted(3, expiresOn: "2019-12-01"))
        try stream.record(IPAssetEventCodec.self, .optionDeclined(OptionDeclined(option: 1, declinedOn: try LedgerSamples.day("2019-04-01"))))
        try stream.record(IPAssetEventCodec.self, .optionLapsed(OptionLapsed(option: 2, lapsedOn: try LedgerSamples.day("2019-09-01"))))
        try stream.record(IPAssetEventCodec.self, .ownershipTransferred(OwnershipTransferred(
            from: s.cuhksz, to: s.hkstp, shareBasisPoints: try BasisPoints(6000), transferredOn: try LedgerSamples.day("2019-10-01"))))

        let rows = try stream.fold(assetModel).rows(DeadlineRow.self, DeadlinesTables.deadlines)

        #expect(rows.map(\.deadline_key) == ["option-1", "option-2", "option-3"])
        #expect(rows.map(\.resolution) == [.declined, .lapsed, nil])
        #expect(rows.map(\.open) == [false, false, true])
        #expect(rows[2].party_ids == ["hkstp", "tencent"])
    }

    @Test("a patent or licence event is not read, and exercising an option never granted is refused")
    func eventSelection() throws {
        #expect(!DeadlinesReadModel.projection.eventTypes.contains(LicenceGranted.eventType))
        #expect(!DeadlinesReadModel.projection.eventTypes.contains(RoyaltyReported.eventType))
        var stream = RecordedTestStream("ipasset-mi-lab-invention-001")
        try stream.record(IPAssetEventCodec.self, s.inventionDisclosed())
        try stream.record(IPAssetEventCodec.self, .optionExercised(OptionExercised(option: 7, exercisedOn: try LedgerSamples.day("2019-05-20"))))

        #expect(throws: ReadModelError.self) { try stream.fold(assetModel) }
    }

    @Test("a review request opens a deadline at the window's end for reviewers and affiliations; the last clearance settles it")
    func reviewWindow() throws {
        var stream = RecordedTestStream("output-mi-lab-paper-001")
        try stream.record(OutputEventCodec.self, s.outputRegistered())
        let beforeReview = try stream.fold(outputModel)
        try stream.record(OutputEventCodec.self, s.submitted("2019-03-05"))
        try stream.record(OutputEventCodec.self, s.reviewRequested("2019-04-01", endsOn: "2019-05-01", reviewers: [s.jd, s.tencent]))
        try stream.record(OutputEventCodec.self, s.reviewCleared(by: s.jd, "2019-04-10"))
        let open = try #require(try stream.fold(outputModel).rows(DeadlineRow.self, DeadlinesTables.deadlines).first)
        try stream.record(OutputEventCodec.self, s.reviewCleared(by: s.tencent, "2019-04-12"))
        let settled = try #require(try stream.fold(outputModel).rows(DeadlineRow.self, DeadlinesTables.deadlines).first)

        #expect(beforeReview.rows.tables[DeadlinesTables.deadlines] == nil)
        #expect(open.kind == .publicationReview)
        #expect(open.subject == "mi-lab-paper-001")
        #expect(open.party_ids == ["cuhk-shenzhen", "jd-com", "tencent"])
        #expect(open.due_on == (try LedgerSamples.day("2019-05-01")))
        #expect(open.description == "Publication review of 'Learning to see' by jd-com, tencent ends")
        #expect(open.open)
        #expect(settled.resolution == .cleared)
        #expect(settled.resolved_on == (try LedgerSamples.day("2019-04-12")))
        // The submission is not read: versions are those of the events folded.
        #expect(settled.stream_version == 5)
    }

    @Test("publishing once the window has ended settles a review nobody cleared")
    func publishedAfterWindow() throws {
        var stream = RecordedTestStream("output-mi-lab-paper-001")
        try stream.record(OutputEventCodec.self, s.outputRegistered())
        try stream.record(OutputEventCodec.self, s.reviewRequested("2019-04-01", endsOn: "2019-05-01"))
        try stream.record(OutputEventCodec.self, .published(OutputPublished(publishedOn: try LedgerSamples.day("2019-05-02"), venue: "CVPR 2019")))

        let row = try #require(try stream.fold(outputModel).rows(DeadlineRow.self, DeadlinesTables.deadlines).first)

        #expect(row.resolution == .published)
        #expect(row.resolved_on == (try LedgerSamples.day("2019-05-02")))
    }
}
