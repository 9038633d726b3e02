import Crypto
import Foundation
import Testing

@testable import LabLedgerPrivacy

/// Sealing from a payload's bytes against sealing its parsed object (`PersonEnvelope.seal`).
@Suite struct PersonPartBytesTests {
    /// As the domain writes a studentship: nested values, a string holding JSON's delimiters.
    let payload = #"{"placement": "pl-ana", "lab": "hkai {lab}, \"joint\"", "student": "p-ana", "orcid": "0000-0002-1825-0097", "#
        + #""stipend": {"monthly": {"currency": "CNY", "minorUnits": 800000}, "tags": [1, [2, {"x": null}], true]}, "#
        + #""person": {"name": "Ana Lima", "email": "ana@example.org"}, "awardedOn": "2018-08-01"}"#
    let eventID = UUID()
    let key = SymmetricKey(size: .bits256)

    func parsed(_ data: Data) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }

    func bytesPart(_ text: String) throws -> (JSONMembers, String) {
        guard case .part(let members, let person) = PersonPartBytes.find(in: Data(text.utf8), type: "StudentshipAwarded") else {
            Issue.record("no part found from the bytes of \(text)")
            throw CancellationError()
        }
        return (members, person)
    }

    @Test func sealingFromTheBytesStoresWhatSealingTheParsedObjectStores() throws {
        let (members, person) = try bytesPart(payload)
        #expect(person == "p-ana")
        let fromBytes = try PersonPartBytes.seal(members, person: person, eventID: eventID, type: "StudentshipAwarded", key: PersonSealKey(key))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])
        let fromObject = try JSONSerialization.data(withJSONObject: PersonEnvelope.seal(
            object, person: person, eventID: eventID, type: "StudentshipAwarded", key: PersonSealKey(key)))
        // The same JSON value, the sealed part byte for byte among it (a retried append replays).
        #expect(try parsed(fromBytes) == (try parsed(fromObject)))
        let text = String(decoding: fromBytes, as: UTF8.self)
        for secret in ["Ana Lima", "ana@example.org", "0000-0002-1825-0097", "orcid"] { #expect(!text.contains(secret)) }
    }

    @Test func aPartSealedFromTheBytesOpensToWhatWasWritten() throws {
        let (members, person) = try bytesPart(payload)
        let sealed = try PersonPartBytes.seal(members, person: person, eventID: eventID, type: "StudentshipAwarded", key: PersonSealKey(key))
        let object = try #require(try JSONSerialization.jsonObject(with: sealed) as? [String: Any])
        let opened = try PersonEnvelope.open(object, person: person, eventID: eventID, with: .key(key))
        #expect(try parsed(opened) == (try parsed(Data(payload.utf8))))
    }

    @Test func untouchedMembersAreCopiedAsWritten() throws {
        let members = try #require(JSONMembers(Array(payload.utf8)))
        #expect(members.members.map(\.key) == ["placement", "lab", "student", "orcid", "stipend", "person", "awardedOn"])
        let copied = Data(members.rewritten(replacing: [:], dropping: []))
        #expect(try parsed(copied) == (try parsed(Data(payload.utf8))))
        #expect(String(decoding: members.value(of: try #require(members.member("lab"))), as: UTF8.self) == #""hkai {lab}, \"joint\"""#)
    }

    /// What JSON reads as `person` but a plain byte match would miss (an escaped key), or reads
    /// ambiguously (a repeated key): left to Foundation, which seals what JSON means.
    @Test func escapedOrRepeatedKeysAndEscapedPersonIdsAreLeftToTheFoundationPath() {
        for text in [
            #"{"student": "p-ana", "pers\u006fn": {"name": "Ana Lima"}}"#,
            #"{"student": "p-ana", "person": {"name": "Ana Lima"}, "person": {"name": "Ana Lima"}}"#,
            #"{"student": "p-\u0061na", "person": {"name": "Ana Lima"}}"#,
            #"{"student": "p-ana", "person": null}"#,
            #"{"student": 7, "person": {"name": "Ana Lima"}}"#,
            #"{"student": "p-ana", "person": {"name": "Ana Lima"}"#,
            #"{"student": "p-ana", "person": {"name": "Ana Lima"}} trailing"#,
        ] {
            guard case .needsFoundation = PersonPartBytes.find(in: Data(text.utf8), type: "StudentshipAwarded") else {
                Issue.record("not left to Foundation: \(text)")
                continue
            }
        }
    }

    @Test func aPayloadWithoutAPersonPartOrOfAnotherTypeHasNoPart() {
        for (text, type) in [
            (#"{"student": "p-ana", "lab": "hkai"}"#, "StudentshipAwarded"),
            (#"{"student": "p-ana", "person": {"name": "Ana Lima"}}"#, "OutputRegistered"),
        ] {
            guard case .absent = PersonPartBytes.find(in: Data(text.utf8), type: type) else {
                Issue.record("a part found in \(text) of \(type)")
                continue
            }
        }
    }

    /// Repeated keys are found however many members there are (pair by pair in small objects,
    /// by a set in large ones) and wherever they stand.
    @Test func aRepeatedKeyIsFoundInSmallAndLargeObjects() {
        // `count` members in all: the student twice (or once), the person, and fillers.
        for count in [3, 12, 32, 33, 80] {
            let repeated = ([#""student": "p-ana""#] + (0..<count - 3).map { #""k\#($0)": \#($0)"# } + [#""student": "p-bea""#])
            let text = "{" + repeated.joined(separator: ", ") + #", "person": {"name": "Ana Lima"}}"#
            #expect(JSONMembers(Array(text.utf8)) == nil, "\(count) members")
            let distinct = [#""student": "p-ana""#] + (0..<count - 2).map { #""k\#($0)": \#($0)"# }
            let distinctText = "{" + distinct.joined(separator: ", ") + #", "person": {"name": "Ana Lima"}}"#
            #expect(JSONMembers(Array(distinctText.utf8))?.members.count == count, "\(count) members")
        }
    }
}
