import Foundation
import LabLedgerDomain
@testable import LabLedgerReadModels
import Testing

@Suite("ip_assets read model: documents and rows")
struct IPAssetReadModelTests {
    typealias T = IPAssetTables

    @Test("the document holds the domain's state, folded by the decider's evolve, without the royalty reports, and the stream's place")
    func documentIsDomainState() throws {
        let story = try IPStory.afterTermination()
        let folded = try story.folded()
        let document = try JSONDecoder().decode(IPAssetDocument.self, from: folded.document)
        // The reports and payment references are rows of ip_asset_royalty_reports and totals.
        var expected = story.state
        #expect(expected.licences.contains { !$0.reports.isEmpty && !$0.paymentReferences.isEmpty }, "the story reports and pays royalties")
        for index in expected.licences.indices {
            expected.licences[index].reports = []
            expected.licences[index].paymentReferences = []
        }
        #expect(document.state == expected)
        #expect(document.streamVersion == story.events.count)
        #expect(document.lastPosition == Int64(100 + 7 * (story.events.count - 1)))
        // Stored with sorted keys: decoding and encoding again gives the same bytes.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(try encoder.encode(document) == folded.document)
    }

    @Test("folding event by event onto the stored document equals folding the whole stream at once")
    func incrementalEqualsRebuild() throws {
        let story = try IPStory.afterTermination()
        let model = try #require(IPAssetReadModel.projection.model(for: story.streamID))
        let whole = try model.fold(nil, story.streamID, try story.stored())
        var stored: Data?
        // The keyed table as the worker leaves it after each page: what the next page looks up.
        var table: [RowKey: Data] = [:]
        var last: StreamModel.Folded?
        for event in try story.stored() {
            let step = try model.fold(stored, story.streamID, [event], found: KeyedRows(found: table))
            stored = step.document
            for key in step.keyed.order { table[key] = step.keyed.written[key] }
            last = step
        }
        #expect(last?.document == whole.document)
        #expect(last?.rows == whole.rows)
        #expect(table == whole.keyed.written)
        #expect(!table.isEmpty, "the story writes report rows")
    }

    @Test("an event the document already holds changes nothing")
    func idempotent() throws {
        let story = try IPStory.licensed()
        let model = try #require(IPAssetReadModel.projection.model(for: story.streamID))
        let events = try story.stored()
        let once = try model.fold(nil, story.streamID, events)
        let again = try model.fold(once.document, story.streamID, Array(events.suffix(3)))
        #expect(again.document == once.document)
        #expect(again.rows == once.rows)
    }

    @Test("owner shares and royalty totals encode in a stable order; no report or payment reference is in the document")
    func stableEncoding() throws {
        let story = try IPStory.licensed()
        let text = String(decoding: try story.folded().document, as: UTF8.self)
        #expect(text.contains(#""owners":[{"party":"cuhk-shenzhen","shareBasisPoints":5000},{"party":"tencent","shareBasisPoints":5000}]"#))
        #expect(text.contains(#""paymentReferences":[],"reports":[]"#))
        #expect(!text.contains("TX-2021-1"))
        #expect(text.contains(#""royalties":{"tencent-cv-cn":{"CNY":{"due":"#))
        #expect(text.contains(#""resolution":{"on":"2019-07-01","status":"exercised"}"#))
    }

    @Test("one asset row: lab, agreement, counts, patent status and where the stream stands")
    func assetRow() throws {
        let story = try IPStory.licensed()
        let rows = try story.folded().rows
        let asset = try #require(try rows.rows(T.Asset.self, in: T.assets).only)
        #expect(asset == T.Asset(
            stream_id: "ipasset-mi-invention-2019-001", asset_id: "mi-invention-2019-001", lab_id: "tencent-cuhksz-machine-intelligence",
            agreement_id: "tencent-cuhksz-joint-lab-2018", title: "Depth estimation from a single camera", disclosed_on: "2019-04-01",
            from_outputs: ["paper-2019-001"], ownership_determined_on: "2019-04-15", owner_count: 2, inventor_count: 2, option_count: 1,
            licence_count: 2, application_count: 2, patent_status: "granted", stream_version: story.events.count,
            updated_position: Int64(100 + 7 * (story.events.count - 1)),
            offered_on: nil, offered_by: nil, offer_fields: nil, offer_territories: nil, offer_exclusivity_offered: nil))
    }

    @Test("the asset row carries the current offer for licensing, and loses it when the offer is withdrawn")
    func offerColumns() throws {
        var story = try IPStory.licensed()
        try story.run(.offerForLicensing(OfferForLicensing(
            by: story.cuhksz, fields: [try FieldOfUse(parsing: "robotics")], territories: [.world, try Territory(parsing: "CN")],
            exclusivityOffered: false, offeredOn: try IPStory.day("2022-05-01"))))
        let offered = try #require(try story.folded().rows.rows(T.Asset.self, in: T.assets).only)
        #expect(offered.offered_on == "2022-05-01")
        #expect(offered.offered_by == "cuhk-shenzhen")
        #expect(offered.offer_fields == ["robotics"])
        #expect(offered.offer_territories == ["WORLD", "CN"])
        #expect(offered.offer_exclusivity_offered == false)
        try story.run(.withdrawLicensingOffer(WithdrawLicensingOffer(by: story.tencent, withdrawnOn: try IPStory.day("2022-06-01"), reason: "Licensed")))
        let withdrawn = try #require(try story.folded().rows.rows(T.Asset.self, in: T.assets).only)
        #expect(withdrawn.offered_on == nil && withdrawn.offered_by == nil && withdrawn.offer_fields == nil)
        #expect(withdrawn.stream_version == story.events.count)
    }

    @Test("parties with their roles and current shares; inventors kept apart by ORCID")
    func partiesAndPeople() throws {
        var story = try IPStory.licensed()
        // Tencent hands its whole share to JD.com: it stays on the asset as former owner and licensee.
        try story.run(.transferOwnership(TransferOwnership(
            from: story.tencent, to: story.jd, shareBasisPoints: try BasisPoints(5000), transferredOn: try IPStory.day("2023-01-01"),
            parties: story.known)))
        let document = try story.document()
        #expect(document.transfers == [IPAssetDocument.Transfer(from: story.tencent, to: story.jd, shareBasisPoints: 5000, transferredOn: try IPStory.day("2023-01-01"))])
        let rows = try story.folded().rows
        let parties = try rows.rows(T.Party.self, in: T.parties).map { "\($0.party_id) \($0.roles) \($0.share_basis_points.map(String.init) ?? "-")" }
        #expect(parties == [
            #"cuhk-shenzhen ["owner", "licensor"] 5000"#,
            #"jd-com ["owner"] 5000"#,
            #"pearl-river-robotics ["licensee"] -"#,
            #"tencent ["former_owner", "licensee", "option_sponsor"] -"#,
        ])
        #expect(try rows.rows(T.Person.self, in: T.people) == [
            T.Person(stream_id: story.streamID, asset_id: "mi-invention-2019-001", orcid: "0000-0002-1825-0097", share_basis_points: 6000),
            T.Person(stream_id: story.streamID, asset_id: "mi-invention-2019-001", orcid: "0000-0001-5109-3700", share_basis_points: 4000),
        ])
        // No person's identifier in the party rows, no party in the people rows.
        #expect(try rows.rows(T.Party.self, in: T.parties).allSatisfy { !$0.party_id.contains("0000-") })
    }

    @Test("options with deadlines and status: exercised, open, declined")
    func options() throws {
        let rows = try IPStory.afterTermination().folded().rows
        let options = try rows.rows(T.Option.self, in: T.options)
        #expect(options.map { "\($0.option_number) \($0.sponsor_id) \($0.fields) \($0.granted_on)…\($0.expires_on) \($0.status) \($0.resolved_on ?? "-") \($0.reserved_until)" } == [
            #"1 tencent ["computer-vision"] 2019-05-01…2019-07-30 exercised 2019-07-01 2019-07-30"#,
            #"2 tencent ["robotics"] 2022-02-01…2022-05-01 open - 2022-05-01"#,
            #"3 tencent ["natural-language-processing"] 2022-06-01…2022-08-30 declined 2022-07-01 2022-07-01"#,
        ])
    }

    @Test("licences by field × territory × time, with licensors, consents, termination and royalty terms")
    func licences() throws {
        let story = try IPStory.afterTermination()
        let licences = try story.folded().rows.rows(T.Licence.self, in: T.licences)
        #expect(licences.map { "\($0.licence_id) \($0.exclusivity) \($0.fields) \($0.territories) \($0.term_from)…\($0.in_force_until ?? "open")" } == [
            #"tencent-cv-cn exclusive ["computer-vision"] ["CN"] 2020-01-01…2022-01-01"#,
            #"pearl-river-cv-us exclusive ["computer-vision"] ["US"] 2020-03-01…2025-03-01"#,
            #"pearl-river-robotics-cn sole ["robotics"] ["CN"] 2023-01-01…2026-01-01"#,
            #"jd-nlp-hk non_exclusive ["natural-language-processing"] ["HK"] 2023-01-01…2026-01-01"#,
        ])
        let tencent = try #require(licences.first { $0.licence_id == "tencent-cv-cn" })
        #expect(tencent == T.Licence(
            stream_id: story.streamID, asset_id: "mi-invention-2019-001", licence_id: "tencent-cv-cn", licensee_id: "tencent",
            licensors: ["cuhk-shenzhen"], consents: ["tencent"], exclusivity: "exclusive", fields: ["computer-vision"], territories: ["CN"],
            term_from: "2020-01-01", term_to: "2025-01-01", terminated_on: "2022-01-01", termination_reason: "product discontinued",
            in_force_until: "2022-01-01", sublicensable: true, royalty_rate_basis_points: 300, minimum_annual_minor_units: 5_000_000,
            minimum_annual_currency: "CNY", granted_on: "2019-12-01"))
        let pearl = try #require(licences.first { $0.licence_id == "pearl-river-cv-us" })
        #expect(pearl.in_force_until == "2025-03-01")
        #expect(pearl.terminated_on == nil && pearl.minimum_annual_minor_units == nil && pearl.minimum_annual_currency == nil)
    }

    @Test("patents: application and publication numbers apart; grant, lapse and the asset's status")
    func patents() throws {
        let licensed = try IPStory.licensed().folded().rows
        #expect(try licensed.rows(T.Patent.self, in: T.patents).map { "\($0.application_number) \($0.patent_number ?? "-") \($0.status)" } == [
            "CN201910123456.7 CN110123456B granted", "US16123456 - filed",
        ])
        let lapsed = try IPStory.afterTermination().folded().rows
        let cn = try #require(try lapsed.rows(T.Patent.self, in: T.patents).first)
        #expect(cn == T.Patent(
            stream_id: "ipasset-mi-invention-2019-001", asset_id: "mi-invention-2019-001", office: "CN", application_number: "CN201910123456.7",
            filed_on: "2019-05-10", patent_number: "CN110123456B", granted_on: "2021-03-01", lapsed_on: "2023-03-01",
            lapse_reason: "annuity unpaid", status: "lapsed"))
        // The lapse leaves the pending US application: the asset is "filed" again, not "lapsed".
        #expect(try lapsed.rows(T.Asset.self, in: T.assets).first?.patent_status == "filed")
    }

    @Test("patent status of the asset", arguments: [
        ([] as [String], "none"), (["filed"], "filed"), (["granted", "filed"], "granted"), (["lapsed", "filed"], "filed"),
        (["lapsed", "granted"], "granted"), (["lapsed", "lapsed"], "lapsed"),
    ])
    func patentStatus(applications: [String], expected: String) throws {
        var story = try IPStory.owned()
        for (index, status) in applications.enumerated() {
            let application: PatentApplicationNumber = try IPStory.parse("US1612345\(index)")
            let patent: PatentNumber = try IPStory.parse("US1100000\(index)B2")
            try story.run(.fileApplication(FilePatentApplication(office: try IPStory.parse("US"), applicationNumber: application, filedOn: try IPStory.day("2019-05-01"))))
            if status != "filed" {
                try story.run(.recordPatentGrant(RecordPatentGrant(applicationNumber: application, patentNumber: patent, grantedOn: try IPStory.day("2021-05-01"))))
            }
            if status == "lapsed" {
                try story.run(.recordPatentLapse(RecordPatentLapse(patentNumber: patent, lapsedOn: try IPStory.day("2023-05-01"), reason: "fees unpaid")))
            }
        }
        #expect(try story.folded().rows.rows(T.Asset.self, in: T.assets).first?.patent_status == expected)
    }

    @Test("royalties to date per licence and currency: reported due, paid, outstanding")
    func royalties() throws {
        let story = try IPStory.afterTermination()
        let royalties = try story.folded().rows.rows(T.Royalty.self, in: T.royalties)
        // Pearl River has reported nothing: no row.
        #expect(royalties == [T.Royalty(
            stream_id: story.streamID, asset_id: "mi-invention-2019-001", licence_id: "tencent-cv-cn", currency: "CNY", report_count: 2,
            reported_until: "2022-01-01", net_sales_minor_units: 300_000_000, royalty_due_minor_units: 11_000_000, paid_minor_units: 9_000_000,
            outstanding_minor_units: 2_000_000)])
    }

    @Test("every row carries its stream id, and the projection declares every table it fills")
    func tables() throws {
        let rows = try IPStory.afterTermination().folded().rows
        #expect(Set(rows.tables.keys).isSubset(of: Set(IPAssetReadModel.projection.tables)))
        #expect(IPAssetReadModel.projection.tables.contains(IPAssetReadModel.projection.documentsTable))
        #expect(IPAssetReadModel.projection.eventTypes == Set(IPAssetEventCodec.eventTypes))
        for (table, encoded) in rows.tables {
            for row in encoded {
                let object = try #require(try JSONSerialization.jsonObject(with: row) as? [String: Any], "\(table)")
                #expect(object["stream_id"] as? String == "ipasset-mi-invention-2019-001", "\(table)")
            }
        }
    }

    @Test("a stream that does not start with the disclosure, or names what it never had, is refused")
    func outOfOrder() throws {
        let story = try IPStory.afterTermination()
        let model = try #require(IPAssetReadModel.projection.model(for: story.streamID))
        let events = try story.stored()
        // Starts with ownership.
        #expect(throws: ReadModelError.self) { try model.fold(nil, story.streamID, Array(events.dropFirst())) }
        // Disclosed twice.
        var twice = events[0]
        twice.streamVersion = events.count + 1
        #expect(throws: ReadModelError.self) { try model.fold(nil, story.streamID, events + [twice]) }
        // Terminates a licence the stream never granted.
        let encoded = try IPAssetEventCodec.encode(.licenceTerminated(LicenceTerminated(
            licence: try IPStory.parse("no-such-licence"), effectiveOn: try IPStory.day("2024-01-01"), reason: "x")))
        let stray = ProjectableEvent(
            position: 10_000, streamID: story.streamID, streamVersion: events.count + 1, type: encoded.type, schemaVersion: encoded.schemaVersion,
            data: encoded.data, occurredAt: Date(timeIntervalSince1970: 1_700_000_000), actor: nil)
        #expect(throws: ReadModelError.outOfOrder(
            streamID: story.streamID, type: "LicenceTerminated", reason: "licence 'no-such-licence' was never granted or is already terminated")
        ) { try model.fold(nil, story.streamID, events + [stray]) }
    }
}

extension Array {
    /// The single element, or nil when there are none or several.
    fileprivate var only: Element? { count == 1 ? first : nil }
}
