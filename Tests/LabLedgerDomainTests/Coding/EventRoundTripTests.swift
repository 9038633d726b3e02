import Foundation
import Testing
@testable import LabLedgerDomain

@Suite("Event JSON round trip")
struct EventRoundTripTests {
    let samples: SampleEvents
    init() throws { samples = try SampleEvents() }

    @Test("every party event decodes to itself")
    func party() throws {
        for event in samples.party { #expect(try PartyEventCodec.decode(PartyEventCodec.encode(event)) == event) }
    }

    @Test("every lab event decodes to itself")
    func lab() throws {
        for event in samples.lab { #expect(try LabEventCodec.decode(LabEventCodec.encode(event)) == event) }
    }

    @Test("every agreement event decodes to itself")
    func agreement() throws {
        for event in samples.agreement { #expect(try AgreementEventCodec.decode(AgreementEventCodec.encode(event)) == event) }
    }

    @Test("every funding event decodes to itself")
    func funding() throws {
        for event in samples.funding { #expect(try FundingEventCodec.decode(FundingEventCodec.encode(event)) == event) }
    }

    @Test("every placement event decodes to itself")
    func placement() throws {
        for event in samples.placement { #expect(try PlacementEventCodec.decode(PlacementEventCodec.encode(event)) == event) }
    }

    @Test("the samples cover every event type of every codec")
    func coverage() throws {
        #expect(Set(try samples.encodedAll().map(\.type)) == Set(AnyDomainEvent.allTypes))
        #expect(AnyDomainEvent.allTypes.count == Set(AnyDomainEvent.allTypes).count)
    }

    @Test("encoding is byte-stable: sorted keys, no escaped slashes, ISO dates")
    func stableBytes() throws {
        let encoded = try PartyEventCodec.encode(samples.party[1])
        #expect(encoded.type == "PartyRegistered")
        #expect(encoded.schemaVersion == 1)
        #expect(String(decoding: encoded.data, as: UTF8.self)
            == #"{"country":"HK","kind":"university","name":"The University of Hong Kong","party":"hku","ror":"https://ror.org/02zhqgq86"}"#)
        #expect(try PartyEventCodec.encode(samples.party[1]) == encoded)
    }

    @Test("payloads are written to the byte as JSONEncoder writes them (sorted keys, slashes unescaped), for every event type")
    func compactBytesAreFoundations() throws {
        let foundation = EventJSON.encoder()
        let all = try samples.encodedAll() + (try OutputIPRoundSampleEvents().encodedAll())
        #expect(Set(all.map(\.type)).count > 40)
        for encoded in all {
            // The payload's JSON as a tree, printed again by Foundation: the bytes JSONEncoder
            // writes for these keys and values.
            let tree = try JSONDecoder().decode(JSONValue.self, from: encoded.data)
            let printed = try foundation.encode(tree)
            #expect(encoded.data == printed, "\(encoded.type): \(String(decoding: encoded.data, as: UTF8.self))")
            #expect(try CompactJSONEncoder().encode(tree) == printed, "\(encoded.type)")
        }
    }

    @Test("personal data sits only under the person key")
    func personalDataApart() throws {
        let awarded = try PlacementEventCodec.encode(samples.placement[0])
        let object = try JSONDecoder().decode([String: JSONValue].self, from: awarded.data)
        #expect(object["person"] == .object(["name": .string("Li Wei"), "email": .string("li.wei@example.edu.cn")]))
        let elsewhere = object.filter { $0.key != "person" }
        let text = String(decoding: try JSONEncoder().encode(elsewhere), as: UTF8.self)
        #expect(!text.contains("Li Wei"))
        #expect(!text.contains("li.wei@"))
    }
}
