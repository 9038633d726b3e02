import Foundation
import Testing
@testable import LabLedgerDomain

@Suite("Output, IP asset and round events: JSON round trip and committed fixture")
struct OutputIPRoundCodingTests {
    let samples: OutputIPRoundSampleEvents
    init() throws { samples = try OutputIPRoundSampleEvents() }

    func fixture() throws -> [FixtureEvent] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/events-ipasset-output-accelerator", withExtension: "json"))
        return try JSONDecoder().decode([FixtureEvent].self, from: Data(contentsOf: url))
    }

    func encoded(_ entry: FixtureEvent) throws -> EncodedEvent {
        EncodedEvent(type: entry.type, schemaVersion: entry.schemaVersion, data: try EventJSON.encoder().encode(entry.data))
    }

    @Test("every research-output event decodes to itself")
    func output() throws {
        for event in samples.output { #expect(try OutputEventCodec.decode(OutputEventCodec.encode(event)) == event) }
    }

    @Test("every IP-asset event decodes to itself")
    func ipAsset() throws {
        for event in samples.ipAsset { #expect(try IPAssetEventCodec.decode(IPAssetEventCodec.encode(event)) == event) }
    }

    @Test("every accelerator-round event decodes to itself")
    func round() throws {
        for event in samples.round { #expect(try RoundEventCodec.decode(RoundEventCodec.encode(event)) == event) }
    }

    @Test("the samples cover every event type of the three codecs, and no type name is shared with another aggregate")
    func coverage() throws {
        #expect(Set(try samples.encodedAll().map(\.type)) == Set(OutputIPRoundEvent.allTypes))
        let all = OutputIPRoundEvent.allTypes + AnyDomainEvent.allTypes
        #expect(all.count == Set(all).count)
        #expect(try samples.encodedAll().allSatisfy { $0.schemaVersion == 1 })
    }

    @Test("enumerations are written in snake_case and licence slices keep their shape")
    func stableSpelling() throws {
        let grant = try IPAssetEventCodec.encode(samples.ipAsset[11])
        let text = String(decoding: grant.data, as: UTF8.self)
        #expect(text.contains(#""exclusivity":"non_exclusive""#))
        #expect(text.contains(#""territories":["WORLD"]"#))
        #expect(text.contains(#""fields":["natural-language-processing","all-fields"]"#))
        #expect(text.contains(#""term":{"from":"2020-01-01"}"#))
        let benefit = String(decoding: try RoundEventCodec.encode(samples.round[5]).data, as: UTF8.self)
        #expect(benefit.contains(#""kind":"office_space""#))
        #expect(benefit.contains(#""quantity":{"kind":"in_kind","quantity":40,"unit":"square_metres"}"#))
    }

    @Test("a mentor's personal data sits only under the person key")
    func mentorPersonalDataApart() throws {
        let assigned = try RoundEventCodec.encode(samples.round[6])
        let object = try JSONDecoder().decode([String: JSONValue].self, from: assigned.data)
        #expect(object["person"] == .object(["name": .string("Wong Ka Ho"), "email": .string("kaho.wong@example.org")]))
        let elsewhere = String(decoding: try JSONEncoder().encode(object.filter { $0.key != "person" }), as: UTF8.self)
        #expect(!elsewhere.contains("Wong"))
        #expect(!elsewhere.contains("kaho.wong@"))
    }

    @Test("a contributor with a role outside the 14 CRediT roles does not decode")
    func unknownCreditRoleRefused() {
        let payload = #"{"affiliations":["cuhk-shenzhen"],"contributors":[{"creditRoles":["lead-author"],"orcid":"0000-0002-1825-0097"}],"date":"2019-03-01","kind":"paper","lab":"tencent-cuhksz-machine-intelligence","output":"paper-1","title":"T"}"#
        #expect(throws: EventDecodingError.self) {
            try OutputEventCodec.decode(EncodedEvent(type: "OutputRegistered", schemaVersion: 1, data: Data(payload.utf8)))
        }
    }

    @Test("every event in events-ipasset-output-accelerator.json still decodes")
    func fixtureDecodes() throws {
        for entry in try fixture() {
            #expect(throws: Never.self, "\(entry.type) v\(entry.schemaVersion)") { _ = try OutputIPRoundEvent.roundTrip(encoded(entry)) }
        }
    }

    @Test("the fixture holds every event type of the three aggregates")
    func fixtureCoversEveryType() throws {
        #expect(Set(try fixture().map(\.type)) == Set(OutputIPRoundEvent.allTypes))
    }

    @Test("current-version fixture events re-encode to the same JSON")
    func fixtureReencodesUnchanged() throws {
        for entry in try fixture() {
            let again = try OutputIPRoundEvent.roundTrip(encoded(entry))
            #expect(again.type == entry.type)
            if entry.schemaVersion == again.schemaVersion {
                #expect(try JSONDecoder().decode(JSONValue.self, from: again.data) == entry.data, "\(entry.type)")
            }
        }
    }
}
