import Foundation
import LabLedgerDomain
@testable import LabLedgerReadModels
import Testing

/// A page renders only the stored answers its events can have changed (`IPAssetAnswersChanged`)
/// and keeps the others as the runner last wrote them. Kept wrongly, an answer would go stale
/// without any error, so every kept answer is held here to full rendering over a generated
/// history, page by page, through the projection's type-erased model as the runner calls it.
@Suite("ip_assets read model: only the stored answers a page can change are rendered")
struct IPAssetAnswersChangedTests {
    typealias T = IPAssetTables

    /// Every IP asset stream of a generated history, its events as the store hands them over.
    static func assetStreams(seed: UInt64, events: Int) -> [(id: String, events: [ProjectableEvent])] {
        GeneratedStreams.of(seed: seed, events: events).compactMap { stream in
            guard IPAssetReadModel.projection.model(for: stream.id) != nil else { return nil }
            return (stream.id, stream.events.filter { IPAssetReadModel.eventTypes.contains($0.type) })
        }
    }

    /// The rows of `table` by key, as bytes.
    static func byKey(_ rows: ReadModelRows, _ table: String) -> [[String]: Data] {
        Dictionary(zip(rows.keys[table] ?? [], rows.tables[table] ?? []).map { ($0, $1) }, uniquingKeysWith: { first, _ in first })
    }

    /// The history the projection bench's lag cells append (`bench/ProjectionBench`): 129 assets,
    /// three quarters of whose events are royalty reports and payments.
    @Test("over a generated history in pages of one to four events, every answer a page keeps is the bytes the document before it rendered and every other row is the full rendering")
    func keptAnswersAreTheAnswersBefore() throws {
        let streams = Self.assetStreams(seed: 2, events: 20_000)
        let first = try #require(streams.first?.id)
        let model = try #require(IPAssetReadModel.projection.model(for: first))
        var pages = 0
        var kept = 0
        var rendered = 0
        var keptByEvent: [String: Int] = [:]
        var partyAnswersRendered = 0
        for (stream, events) in streams {
            var value: (any Sendable)?
            var found = KeyedRows()
            var before: ReadModelRows?
            var at = 0
            var index = 0
            while at < events.count {
                // Pages of 1, 2, 3 and 4 events in turn, shifted per stream, so that events meet
                // each other in one page as they would in a runner's.
                let size = 1 + (index + stream.utf8.count) % 4
                index += 1
                let page = Array(events[at..<min(at + size, events.count)])
                at += page.count
                let advanced = try model.advance(value, nil, stream, page, nil, found)
                let full = try model.rows(advanced.value, stream)
                defer {
                    value = advanced.value
                    found = advanced.keyed
                    before = full
                }
                // The runner renders selectively only when it knows what it wrote of the stream.
                guard let before else { continue }
                let selective = try model.render(advanced, stream, rowsWritten: true).rows
                pages += 1

                let fullAnswers = Self.byKey(full, T.views)
                let beforeAnswers = Self.byKey(before, T.views)
                let renderedAnswers = Self.byKey(selective, T.views)
                let keptKeys = selective.kept[T.views] ?? []
                let types = page.map(\.type).joined(separator: ", ")
                #expect(Set(keptKeys).isDisjoint(with: renderedAnswers.keys), "\(stream): \(types): an answer is kept or rendered, not both")
                #expect(Set(keptKeys).union(renderedAnswers.keys) == Set(fullAnswers.keys), "\(stream): \(types): every answer is accounted for")
                for key in keptKeys {
                    #expect(beforeAnswers[key] != nil, "\(stream): \(types): kept \(key), which the document before did not have")
                    #expect(beforeAnswers[key] == fullAnswers[key], "\(stream): \(types): kept \(key), which the page changed")
                }
                for (key, row) in renderedAnswers {
                    #expect(row == fullAnswers[key], "\(stream): \(types): \(key) rendered as full rendering renders it")
                    if ![IPAssetViewer.keepers, IPAssetViewer.agreementParty].contains(key[1]) { partyAnswersRendered += 1 }
                }
                // Only answers are kept; every other table is rendered in full.
                #expect(Set(selective.kept.keys).isSubset(of: [T.views]))
                for table in Set(full.tables.keys).union(selective.tables.keys) where table != T.views {
                    #expect(selective.tables[table] == full.tables[table], "\(stream): \(types): \(table)")
                }
                kept += keptKeys.count
                rendered += renderedAnswers.count
                if page.count == 1, !keptKeys.isEmpty { keptByEvent[page[0].type, default: 0] += keptKeys.count }
            }
        }
        // The history exercises what the rule leaves out, on each kind of event it leaves answers out for.
        #expect(pages > 500, "\(pages) pages")
        #expect(kept > 0 && rendered > 0, "\(kept) kept, \(rendered) rendered")
        #expect(partyAnswersRendered > 0, "a party's own answer is rendered when its licence's royalties move")
        for type in ["RoyaltyReported", "RoyaltyPaid", "IPAssetOfferedForLicensing"] {
            #expect((keptByEvent[type] ?? 0) > 0, "a page of one \(type) keeps answers: \(keptByEvent)")
        }
    }

    /// The generated history's licensors are always owners, whose answer is the keepers'; a
    /// licensor that has since transferred its whole share has an answer of its own.
    @Test("a licensor that sold its whole share has an answer of its own, which a royalty report on its licence renders")
    func aLicensorThatSoldItsShareSeesItsLicencesRoyalties() throws {
        var story = try IPStory.afterTermination()
        try story.run(.transferOwnership(TransferOwnership(
            from: story.cuhksz, to: story.tencent, shareBasisPoints: try BasisPoints(5000), transferredOn: try IPStory.day("2023-06-01"),
            parties: story.known)))
        let licence = try #require(story.state.licence(try IPStory.parse("jd-nlp-hk")))
        #expect(licence.licensors == [story.cuhksz] && !story.state.isOwner(story.cuhksz), "a licensor that owns nothing")
        let model = try #require(IPAssetReadModel.projection.model(for: story.streamID))
        let events = try story.stored()
        let before = try model.fold(nil, story.streamID, events)

        try story.run(.reportRoyalty(ReportRoyalty(
            licence: licence.id, period: try IPStory.period("2023-01-01", "2024-01-01"),
            netSales: try Money(parsing: "1000", currency: try IPStory.parse("HKD")),
            royaltyDue: try Money(parsing: "70", currency: try IPStory.parse("HKD")), reportedOn: try IPStory.day("2024-01-10"))))
        let advanced = try model.advance(before.value, nil, story.streamID, try story.stored(from: events.count + 1), nil, before.keyed)
        let selective = try model.render(advanced, story.streamID, rowsWritten: true).rows
        let full = Self.byKey(try model.rows(advanced.value, story.streamID), T.views)
        let rendered = Self.byKey(selective, T.views)
        let seller = [story.streamID, story.cuhksz.rawValue]
        #expect(Set(rendered.keys.map { $0[1] }) == ["*", story.jd.rawValue, story.cuhksz.rawValue])
        #expect(rendered[seller] != nil && rendered[seller] == full[seller], "the licensor's answer is rendered in full")
        #expect(Self.byKey(before.rows, T.views)[seller] != full[seller], "and the report changed it")
        for key in selective.kept[T.views] ?? [] {
            #expect(Self.byKey(before.rows, T.views)[key] == full[key], "\(key) kept as it was")
        }
    }

    @Test("an event that may change what every answer shows renders every answer, however many events beside it keep theirs")
    func anEventThatChangesAllRendersAll() throws {
        let streams = Self.assetStreams(seed: 2018, events: 6_000)
        let withdrawal = IPAssetEvent.offerWithdrawn(IPAssetOfferWithdrawn(
            by: PartyID(validated: "tencent"), withdrawnOn: try IPStory.day("2024-01-01"), reason: "withdrawn"))
        var checked = 0
        for (stream, events) in streams {
            let decoded = try events.map(IPAssetReadModel.decode)
            var document: IPAssetDocument?
            var found = KeyedRows()
            for (event, payload) in zip(events, decoded) {
                try IPAssetReadModel.evolve(&document, event, payload, &found)
                guard let state = document?.state else { continue }
                let changed = IPAssetAnswersChanged(by: [payload], in: state)
                switch payload {
                case .royaltyReported, .royaltyPaid, .licenceProposed, .licenceConsentGiven, .licenceProposalWithdrawn, .offeredForLicensing,
                    .offerWithdrawn:
                    #expect(!changed.all && !changed.includes(IPAssetViewer.agreementParty), "\(stream): \(event.type)")
                default:
                    #expect(changed.all, "\(stream): \(event.type)")
                    // Beside an offer, which keeps every answer, it still renders them all.
                    #expect(IPAssetAnswersChanged(by: [withdrawal, payload], in: state).includes(IPAssetViewer.agreementParty))
                    checked += 1
                }
            }
        }
        #expect(checked > 0)
    }
}
