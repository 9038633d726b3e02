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

@Suite("A stored payload's personal part found by its key's bytes")
struct PersonMarkerTests {
    @Test("holds finds bytes at the start, the end and the middle, and not a near miss or in an empty payload")
    func holds() {
        let bytes = Array(#""sealed""#.utf8)
        #expect(PersonEnvelope.holds(Data(#""sealed": 1"#.utf8), bytes))
        #expect(PersonEnvelope.holds(Data(#"{"a": "sealed"}"#.utf8), bytes))
        #expect(PersonEnvelope.holds(Data(#"{"x": {"sealed": "…"}}"#.utf8), bytes))
        #expect(!PersonEnvelope.holds(Data(#"{"sealed_": 1, "seale": 2}"#.utf8), bytes))
        #expect(PersonEnvelope.holds(Data(#"""""sealed""#.utf8), bytes))
        #expect(!PersonEnvelope.holds(Data(#""seal"#.utf8), bytes))
        #expect(!PersonEnvelope.holds(Data(), bytes))
        #expect(PersonEnvelope.holds(Data(), []))
        // A slice of a larger payload, its indices not starting at zero.
        let whole = Data(#"{"person": {"sealed": "AAAA"}}"#.utf8)
        #expect(PersonEnvelope.holds(whole[whole.index(whole.startIndex, offsetBy: 12)...], bytes))
        #expect(!PersonEnvelope.holds(whole[whole.index(whole.startIndex, offsetBy: 14)...], bytes))
    }

    @Test("a payload written as PostgreSQL prints it: the sealed part and the plaintext part found, a payload without either not")
    func storedPayloads() {
        let sealed = Data(#"{"lab": "hkai", "person": {"sealed": "AAAA", "personId": "p-ana"}, "student": "p-ana"}"#.utf8)
        #expect(PersonEnvelope.sealedPerson(in: sealed)?.person == "p-ana")
        let plaintext = Data(#"{"lab": "hkai", "person": {"name": "Ana Lima"}, "student": "p-ana"}"#.utf8)
        #expect(PersonEnvelope.sealedPerson(in: plaintext) == nil)
        #expect(PersonEnvelope.plaintextPerson(in: plaintext, type: "StudentshipAwarded")?.person == "p-ana")
        let none = Data(#"{"lab": "hkai", "student": "p-ana"}"#.utf8)
        #expect(PersonEnvelope.sealedPerson(in: none) == nil)
        #expect(PersonEnvelope.plaintextPerson(in: none, type: "StudentshipAwarded") == nil)
    }
}
