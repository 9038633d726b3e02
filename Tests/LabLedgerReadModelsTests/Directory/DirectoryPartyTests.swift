import Foundation
import LabLedgerDomain
@testable import LabLedgerReadModels
import Testing

@Suite("Directory: parties")
struct DirectoryPartyTests {
    let s: LedgerSamples
    let model = StreamModel(DirectoryPartyModel.self)

    init() throws { s = try LedgerSamples() }

    @Test("a registered party is listed with its name, kind, ROR, country, version and position")
    func registered() throws {
        var stream = RecordedTestStream("party-hku", firstPosition: 40)
        try stream.record(PartyEventCodec.self, s.registered(
            try LedgerSamples.value("hku"), "The University of Hong Kong", .university, ror: "https://ror.org/02zhqgq86", country: "HK"))

        let rows = try stream.fold(model).rows(DirectoryPartyRow.self, DirectoryTables.parties)

        #expect(rows == [DirectoryPartyRow(
            stream_id: "party-hku", party_id: "hku", name: "The University of Hong Kong", kind: "university",
            ror: "https://ror.org/02zhqgq86", country: "HK", stream_version: 1, updated_position: 40)])
    }

    @Test("a correction replaces the party's details in full and moves its version")
    func corrected() throws {
        var stream = RecordedTestStream("party-cuhk-shenzhen", firstPosition: 10)
        try stream.record(PartyEventCodec.self, s.registered(s.cuhksz, "CUHK Shenzen", .company))
        try stream.record(PartyEventCodec.self, .detailsCorrected(PartyDetailsCorrected(
            name: "The Chinese University of Hong Kong, Shenzhen", kind: .university, ror: try LedgerSamples.value("00t33hh48"),
            country: try LedgerSamples.value("CN"), reason: "misspelt, wrong kind, ROR id added")))

        let row = try #require(try stream.fold(model).rows(DirectoryPartyRow.self, DirectoryTables.parties).first)

        #expect(row.name == "The Chinese University of Hong Kong, Shenzhen")
        #expect(row.kind == "university")
        #expect(row.ror == "https://ror.org/00t33hh48")
        #expect(row.stream_version == 2)
        #expect(row.updated_position == 17)
    }

    @Test("a correction on a stream that never registered the party is refused as out of order")
    func correctionWithoutRegistration() throws {
        var stream = RecordedTestStream("party-ghost")
        try stream.record(PartyEventCodec.self, .detailsCorrected(PartyDetailsCorrected(
            name: "Ghost", kind: .company, ror: nil, country: try LedgerSamples.value("HK"), reason: "none")))

        #expect(throws: ReadModelError.self) { try stream.fold(model) }
    }

    @Test("an event at or before the version already folded is refused")
    func replayedEvent() throws {
        var stream = RecordedTestStream("party-tencent")
        try stream.record(PartyEventCodec.self, s.registered(s.tencent, "Tencent", .company))
        let folded = try stream.fold(model)

        #expect(throws: ReadModelError.self) { try model.fold(folded.document, stream.streamID, stream.events) }
    }
}
