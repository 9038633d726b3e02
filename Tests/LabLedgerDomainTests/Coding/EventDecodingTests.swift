import Foundation
import Testing
@testable import LabLedgerDomain

@Suite("Decoding stored events")
struct EventDecodingTests {
    @Test("an unknown type is a typed error")
    func unknownType() {
        let encoded = EncodedEvent(type: "LabRenamed", schemaVersion: 1, data: Data("{}".utf8))
        #expect(throws: EventDecodingError.unknownType("LabRenamed")) { try LabEventCodec.decode(encoded) }
    }

    @Test("a schema version from the future, or zero, is a typed error")
    func futureVersion() {
        let future = EncodedEvent(type: "PartyRegistered", schemaVersion: 2, data: Data("{}".utf8))
        #expect(throws: EventDecodingError.unsupportedSchemaVersion(type: "PartyRegistered", schemaVersion: 2)) { try PartyEventCodec.decode(future) }
        let zero = EncodedEvent(type: "LabFounded", schemaVersion: 0, data: Data("{}".utf8))
        #expect(throws: EventDecodingError.unsupportedSchemaVersion(type: "LabFounded", schemaVersion: 0)) { try LabEventCodec.decode(zero) }
    }

    @Test("a payload that breaks a value's rules does not decode")
    func invalidPayload() throws {
        let badROR = #"{"country":"HK","kind":"university","name":"HKU","party":"hku","ror":"https://ror.org/02zhqgq87"}"#
        let encoded = EncodedEvent(type: "PartyRegistered", schemaVersion: 1, data: Data(badROR.utf8))
        do {
            _ = try PartyEventCodec.decode(encoded)
            Issue.record("a bad ROR checksum decoded")
        } catch {
            guard case .undecodablePayload(let type, let version, let reason) = error else {
                Issue.record("expected undecodablePayload, got \(error)")
                return
            }
            #expect(type == "PartyRegistered")
            #expect(version == 1)
            #expect(reason.contains("ror.invalid-checksum"))
        }
        let notJSON = EncodedEvent(type: "LabDissolved", schemaVersion: 1, data: Data("not json".utf8))
        #expect(throws: EventDecodingError.self) { try LabEventCodec.decode(notJSON) }
    }

    @Test("a LabFounded v1 payload, written before research areas existed, upcasts to v2 with none")
    func upcastsLabFoundedV1() throws {
        let v1 = #"{"founders":[{"party":"alibaba","role":"industry_partner"},{"party":"hkstp","role":"host"}],"foundedOn":"2018-05-21","lab":"hkai-lab","name":"Hong Kong AI Lab"}"#
        let decoded = try LabEventCodec.decode(EncodedEvent(type: "LabFounded", schemaVersion: 1, data: Data(v1.utf8)))
        guard case .founded(let founded) = decoded else {
            Issue.record("expected LabFounded, got \(decoded)")
            return
        }
        #expect(founded.researchAreas.isEmpty)
        #expect(founded.foundedOn == (try date("2018-05-21")))
        let reencoded = try LabEventCodec.encode(decoded)
        #expect(reencoded.schemaVersion == 2)
        #expect(String(decoding: reencoded.data, as: UTF8.self).contains(#""researchAreas":[]"#))
    }

    @Test("the v2 shape requires researchAreas, so a v1 payload is never mistaken for v2")
    func v2RequiresResearchAreas() {
        let v1Shape = #"{"founders":[],"foundedOn":"2018-05-21","lab":"hkai-lab","name":"Hong Kong AI Lab"}"#
        #expect(throws: EventDecodingError.self) {
            try LabEventCodec.decode(EncodedEvent(type: "LabFounded", schemaVersion: 2, data: Data(v1Shape.utf8)))
        }
    }
}
