import Foundation
import LabLedgerDomain
@testable import LabLedgerReadModels
import Testing

@Suite("Outputs")
struct OutputsTests {
    let s: LedgerSamples
    let model = StreamModel(OutputsModel.self)
    let streamID = "output-mi-lab-paper-001"

    init() throws { s = try LedgerSamples() }

    @Test("a registered output is listed with its normalised DOI, its affiliations apart, and its contributors only in output_people")
    func registered() throws {
        var stream = RecordedTestStream(streamID)
        try stream.record(OutputEventCodec.self, s.outputRegistered())

        let folded = try stream.fold(model)
        let output = try #require(try folded.rows(OutputRow.self, OutputsTables.outputs).first)

        #expect(output.status == .registered)
        #expect(output.lab_id == "tencent-cuhksz-machine-intelligence")
        #expect(output.kind == "paper")
        #expect(output.doi == "10.1109/CVPR.2019.00123")
        #expect(output.doi_normalized == "10.1109/cvpr.2019.00123")
        #expect(output.agreement_id == "tencent-cuhksz-joint-lab-2018")
        #expect(output.review_state == .none)
        #expect(output.contributor_count == 2)
        #expect(try folded.rows(OutputPartyRow.self, OutputsTables.parties).map(\.party_id) == ["cuhk-shenzhen", "tencent"])
        #expect(try folded.rows(OutputPersonRow.self, OutputsTables.people) == [
            OutputPersonRow(stream_id: streamID, output_id: "mi-lab-paper-001", orcid: "0000-0002-1825-0097", position: 1,
                            credit_roles: ["conceptualization", "writing-original-draft"]),
            OutputPersonRow(stream_id: streamID, output_id: "mi-lab-paper-001", orcid: "0000-0001-5109-3700", position: 2,
                            credit_roles: ["software"]),
        ])
        for table in [OutputsTables.outputs, OutputsTables.parties] {
            #expect(!folded.json(table).contains("0000-0002-1825-0097"), "an ORCID iD leaked into \(table)")
        }
    }

    @Test("submission queues the output from its submission day; validation records who validated it and when")
    func validation() throws {
        var stream = RecordedTestStream(streamID)
        try stream.record(OutputEventCodec.self, s.outputRegistered())
        try stream.record(OutputEventCodec.self, s.submitted("2019-03-05"))
        let queued = try #require(try stream.fold(model).rows(OutputRow.self, OutputsTables.outputs).first)
        try stream.record(OutputEventCodec.self, s.validated("2019-03-20"))
        let validated = try #require(try stream.fold(model).rows(OutputRow.self, OutputsTables.outputs).first)

        #expect(queued.status == .submitted)
        #expect(queued.validation == "submitted")
        #expect(queued.submitted_on == (try LedgerSamples.day("2019-03-05")))
        #expect(validated.status == .validated)
        #expect(validated.validated_by == "cuhk-shenzhen")
        #expect(validated.validated_on == (try LedgerSamples.day("2019-03-20")))
        #expect(validated.stream_version == 3)
    }

    @Test("a correction after validation needs revalidation, and a new submission queues it from the new day")
    func correction() throws {
        var stream = RecordedTestStream(streamID)
        try stream.record(OutputEventCodec.self, s.outputRegistered())
        try stream.record(OutputEventCodec.self, s.submitted("2019-03-05"))
        try stream.record(OutputEventCodec.self, s.validated("2019-03-20"))
        try stream.record(OutputEventCodec.self, .corrected(OutputCorrected(
            reason: "DOI typo", correctedOn: try LedgerSamples.day("2019-04-01"), title: nil, doi: try LedgerSamples.value("10.1109/CVPR.2019.00124"),
            contributors: nil, affiliations: nil, revalidationRequired: true)))
        let corrected = try #require(try stream.fold(model).rows(OutputRow.self, OutputsTables.outputs).first)
        try stream.record(OutputEventCodec.self, s.submitted("2019-04-02"))
        let resubmitted = try #require(try stream.fold(model).rows(OutputRow.self, OutputsTables.outputs).first)

        #expect(corrected.status == .registered)
        #expect(corrected.revalidation_required)
        #expect(corrected.doi_normalized == "10.1109/cvpr.2019.00124")
        #expect(resubmitted.status == .submitted)
        #expect(resubmitted.submitted_on == (try LedgerSamples.day("2019-04-02")))
        #expect(resubmitted.revalidation_required)
    }

    @Test("a publication review is pending until every reviewer clears; it clears on the earlier of the last clearance and the window's end")
    func publicationReview() throws {
        var stream = RecordedTestStream(streamID)
        try stream.record(OutputEventCodec.self, s.outputRegistered())
        try stream.record(OutputEventCodec.self, s.submitted("2019-03-05"))
        try stream.record(OutputEventCodec.self, s.validated("2019-03-20"))
        try stream.record(OutputEventCodec.self, s.reviewRequested("2019-04-01", endsOn: "2019-05-01", reviewers: [s.jd, s.tencent]))
        try stream.record(OutputEventCodec.self, s.reviewCleared(by: s.tencent, "2019-04-10"))
        let pending = try stream.fold(model)
        try stream.record(OutputEventCodec.self, s.reviewCleared(by: s.jd, "2019-04-15"))
        let cleared = try stream.fold(model)

        let pendingRow = try #require(try pending.rows(OutputRow.self, OutputsTables.outputs).first)
        #expect(pendingRow.status == .underReview)
        #expect(pendingRow.review_state == .pending)
        #expect(pendingRow.review_requested_on == (try LedgerSamples.day("2019-04-01")))
        #expect(pendingRow.review_window_ends_on == (try LedgerSamples.day("2019-05-01")))
        #expect(pendingRow.review_cleared_on == nil)
        #expect(pendingRow.review_clears_on == (try LedgerSamples.day("2019-05-01")))
        let clearedRow = try #require(try cleared.rows(OutputRow.self, OutputsTables.outputs).first)
        #expect(clearedRow.status == .validated)
        #expect(clearedRow.review_state == .cleared)
        #expect(clearedRow.review_cleared_on == (try LedgerSamples.day("2019-04-15")))
        #expect(clearedRow.review_clears_on == (try LedgerSamples.day("2019-04-15")))
        let reviewers = try cleared.rows(OutputPartyRow.self, OutputsTables.parties).filter { $0.relation == .reviewer }
        #expect(reviewers.map(\.party_id) == ["jd-com", "tencent"])
        #expect(reviewers.map(\.cleared_on) == [try LedgerSamples.day("2019-04-15"), try LedgerSamples.day("2019-04-10")])
    }

    @Test("published and withdrawn are final, whatever validation and review say")
    func finalStatuses() throws {
        var stream = RecordedTestStream(streamID)
        try stream.record(OutputEventCodec.self, s.outputRegistered())
        try stream.record(OutputEventCodec.self, s.submitted("2019-03-05"))
        try stream.record(OutputEventCodec.self, s.validated("2019-03-20"))
        try stream.record(OutputEventCodec.self, s.reviewRequested("2019-04-01", endsOn: "2019-05-01"))
        try stream.record(OutputEventCodec.self, .published(OutputPublished(publishedOn: try LedgerSamples.day("2019-05-02"), venue: "CVPR 2019")))
        let published = try #require(try stream.fold(model).rows(OutputRow.self, OutputsTables.outputs).first)
        try stream.record(OutputEventCodec.self, .withdrawn(OutputWithdrawn(reason: "duplicate record", withdrawnOn: try LedgerSamples.day("2019-06-01"))))
        let withdrawn = try #require(try stream.fold(model).rows(OutputRow.self, OutputsTables.outputs).first)

        #expect(published.status == .published)
        #expect(published.venue == "CVPR 2019")
        #expect(published.review_state == .pending)
        #expect(withdrawn.status == .withdrawn)
        #expect(withdrawn.withdrawal_reason == "duplicate record")
        #expect(withdrawn.published_on == (try LedgerSamples.day("2019-05-02")))
    }

    @Test("an output without a DOI has none to look up")
    func withoutDOI() throws {
        var stream = RecordedTestStream(streamID)
        try stream.record(OutputEventCodec.self, s.outputRegistered(doi: nil))

        let output = try #require(try stream.fold(model).rows(OutputRow.self, OutputsTables.outputs).first)

        #expect(output.doi == nil)
        #expect(output.doi_normalized == nil)
    }

    @Test("a clearance when no review was requested is refused as out of order")
    func clearanceWithoutReview() throws {
        var stream = RecordedTestStream(streamID)
        try stream.record(OutputEventCodec.self, s.outputRegistered())
        try stream.record(OutputEventCodec.self, s.reviewCleared(by: s.tencent, "2019-04-10"))

        #expect(throws: ReadModelError.self) { try stream.fold(model) }
    }

    @Test("folding event by event through stored documents gives the same document and rows as folding at once")
    func incrementalEqualsRebuild() throws {
        var stream = RecordedTestStream(streamID)
        try stream.record(OutputEventCodec.self, s.outputRegistered())
        try stream.record(OutputEventCodec.self, s.submitted("2019-03-05"))
        try stream.record(OutputEventCodec.self, s.reviewRequested("2019-04-01", endsOn: "2019-05-01", reviewers: [s.jd, s.tencent, s.hkstp]))
        try stream.record(OutputEventCodec.self, s.reviewCleared(by: s.tencent, "2019-04-10"))
        try stream.record(OutputEventCodec.self, s.reviewCleared(by: s.hkstp, "2019-04-11"))

        let atOnce = try stream.fold(model)
        let eventByEvent = try stream.foldEventByEvent(model)

        #expect(atOnce.document == eventByEvent.document)
        #expect(atOnce.rows == eventByEvent.rows)
        let document = try JSONDecoder().decode(OutputsDocument.self, from: atOnce.document)
        #expect(document.state == OutputDecider.fold(try stream.events.map { try $0.decoded(OutputEventCodec.self) }))
    }

    @Test("the outputs projection routes output streams and owns its four tables")
    func projection() {
        let projection = OutputsReadModel.projection

        #expect(projection.name == "outputs")
        #expect(projection.tables == ["outputs_documents", "outputs", "output_parties", "output_people"])
        #expect(projection.model(for: "output-x1")?.category == .output)
        #expect(projection.eventTypes == Set(OutputEventCodec.eventTypes))
    }
}
