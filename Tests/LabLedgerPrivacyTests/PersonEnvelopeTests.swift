import Crypto
import Foundation
import Testing

@testable import LabLedgerPrivacy

@Suite struct PersonEnvelopeTests {
    let payload: [String: Any] = [
        "student": "p-ana", "orcid": "0000-0002-1825-0097", "lab": "hkai",
        "person": ["name": "Ana Lima", "email": "ana@example.org"],
    ]
    let eventID = UUID()
    let key = SymmetricKey(size: .bits256)

    func text(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func sealingHidesTheNameTheEmailAndTheORCIDAndKeepsTheRest() throws {
        let sealed = try PersonEnvelope.seal(payload, person: "p-ana", eventID: eventID, type: "StudentshipAwarded", key: PersonSealKey(key))
        let stored = try text(sealed)
        #expect(!stored.contains("Ana Lima"))
        #expect(!stored.contains("ana@example.org"))
        #expect(!stored.contains("0000-0002-1825-0097"))
        #expect(sealed["lab"] as? String == "hkai")
        #expect((sealed["person"] as? [String: Any])?["personId"] as? String == "p-ana")
    }

    @Test func sealingTheSameEventTwiceGivesTheSameBytesSoARetriedAppendReplays() throws {
        let first = try text(PersonEnvelope.seal(payload, person: "p-ana", eventID: eventID, type: "StudentshipAwarded", key: PersonSealKey(key)))
        let second = try text(PersonEnvelope.seal(payload, person: "p-ana", eventID: eventID, type: "StudentshipAwarded", key: PersonSealKey(key)))
        let otherEvent = try text(PersonEnvelope.seal(payload, person: "p-ana", eventID: UUID(), type: "StudentshipAwarded", key: PersonSealKey(key)))
        #expect(first == second)
        #expect(first != otherEvent)
    }

    @Test func openingWithThePersonsKeyGivesBackWhatWasWritten() throws {
        let sealed = try PersonEnvelope.seal(payload, person: "p-ana", eventID: eventID, type: "StudentshipAwarded", key: PersonSealKey(key))
        let opened = try PersonEnvelope.open(sealed, person: "p-ana", eventID: eventID, with: .key(key))
        #expect(String(decoding: opened, as: UTF8.self) == (try text(payload)))
    }

    @Test func anErasedPersonReadsAsErasedWithTheDayAndNoORCID() throws {
        let sealed = try PersonEnvelope.seal(payload, person: "p-ana", eventID: eventID, type: "StudentshipAwarded", key: PersonSealKey(key))
        let opened = try JSONSerialization.jsonObject(
            with: PersonEnvelope.open(sealed, person: "p-ana", eventID: eventID, with: .erased(on: "2026-12-04"))) as? [String: Any]
        let person = try #require(opened?["person"] as? [String: Any])
        #expect(person["erased"] as? Bool == true)
        #expect(person["erasedOn"] as? String == "2026-12-04")
        #expect(opened?["orcid"] == nil)
        #expect(opened?["lab"] as? String == "hkai")
    }

    @Test func anotherKeyOrAnotherEventDoesNotOpenASealedPart() throws {
        let sealed = try PersonEnvelope.seal(payload, person: "p-ana", eventID: eventID, type: "StudentshipAwarded", key: PersonSealKey(key))
        #expect(throws: PersonVaultError.unopenable(person: "p-ana")) {
            try PersonEnvelope.open(sealed, person: "p-ana", eventID: eventID, with: .key(SymmetricKey(size: .bits256)))
        }
        #expect(throws: PersonVaultError.unopenable(person: "p-ana")) {
            try PersonEnvelope.open(sealed, person: "p-ana", eventID: UUID(), with: .key(key))
        }
    }

    @Test func aWrappedKeyOpensOnlyWithItsKEKAndForItsPerson() throws {
        let kek = KeyEncryptionKey.random()
        let wrapped = try PersonKeyWrap.wrap(key, for: "p-ana", with: kek)
        #expect(wrapped.count == PersonKeyWrap.wrappedSize)
        let unwrapped = try PersonKeyWrap.unwrap(wrapped, for: "p-ana", with: kek)
        #expect(unwrapped.withUnsafeBytes { Data($0) } == key.withUnsafeBytes { Data($0) })
        #expect(throws: PersonVaultError.corruptKey(person: "p-bob")) { try PersonKeyWrap.unwrap(wrapped, for: "p-bob", with: kek) }
        #expect(throws: PersonVaultError.corruptKey(person: "p-ana")) {
            try PersonKeyWrap.unwrap(wrapped, for: "p-ana", with: KeyEncryptionKey.random())
        }
    }
}
