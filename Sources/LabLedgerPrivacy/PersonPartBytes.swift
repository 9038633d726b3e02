import Crypto
import Foundation
import LabLedgerDomain

/// Sealing a payload's personal part from its bytes: the `person` value and the fields sealed
/// alongside it are parsed (they are the plaintext), and the payload around them is copied as
/// written. The Foundation path (`PersonEnvelope.seal` over a parsed object) parsed and printed
/// every payload whole, which the profile showed as most of a sealed append's client time.
enum PersonPartBytes {
    /// What the bytes of one payload say about its personal part.
    enum Found {
        /// The type carries no personal part, or this payload has no `person`.
        case absent
        /// A `person` object owned by `person`, ready to seal from the bytes.
        case part(JSONMembers, person: String)
        /// Something only the Foundation path judges exactly: escaped or repeated keys, a person
        /// id written with escapes or not a string, a `person` that is not an object, invalid JSON.
        case needsFoundation
    }

    static func find(in data: Data, type: String) -> Found {
        guard let field = PersonalDataEvents.personField[type] else { return .absent }
        guard let members = JSONMembers(Array(data)) else { return .needsFoundation }
        guard let part = members.member(PersonEnvelope.personField) else { return .absent }
        guard members.bytes[part.valueRange.lowerBound] == UInt8(ascii: "{"),
            let person = members.plainString(field), !person.isEmpty
        else { return .needsFoundation }
        return .part(members, person: person)
    }

    /// The payload with its personal part sealed with `key`: the same sealed part, to the byte,
    /// as `PersonEnvelope.seal` makes from the parsed object (the plaintext is printed the same
    /// way and the nonce derived from it), and every other member as written.
    static func seal(_ members: JSONMembers, person: String, eventID: UUID, type: String, key: PersonSealKey) throws -> Data {
        let sealed = try sealedText(members, person: person, eventID: eventID, type: type, key: key)
        // The person id is a string without escapes (`find`), so its JSON text is itself quoted.
        let sealedPart = #"{"\#(PersonEnvelope.personIDField)":"\#(person)","\#(PersonEnvelope.sealedField)":"\#(sealed)"}"#
        return Data(members.rewritten(
            replacing: [PersonEnvelope.personField: Array(sealedPart.utf8)], dropping: Set(PersonalDataEvents.sealedAlongside)))
    }

    /// The sealed text of the part: its plaintext printed from the bytes where they are of the
    /// kinds `SortedJSONText` prints, through Foundation objects otherwise; the same bytes either way.
    private static func sealedText(_ members: JSONMembers, person: String, eventID: UUID, type: String, key: PersonSealKey) throws -> String {
        if let personMember = members.member(PersonEnvelope.personField), members.value(of: personMember).first == UInt8(ascii: "{") {
            var secret = [(key: PersonEnvelope.personField, value: members.value(of: personMember))]
            for field in PersonalDataEvents.sealedAlongside {
                guard let member = members.member(field) else { continue }
                let value = members.value(of: member)
                if !value.elementsEqual("null".utf8) { secret.append((field, value)) }
            }
            if let plaintext = SortedJSONText.bytes(members: secret) {
                return try PersonEnvelope.sealedText(plaintext: Data(plaintext), person: person, eventID: eventID, type: type, key: key)
            }
        }
        guard let personMember = members.member(PersonEnvelope.personField),
            let part = try JSONSerialization.jsonObject(with: Data(members.value(of: personMember))) as? [String: Any]
        else { throw PersonVaultError.unsealable(eventType: type, reason: "its 'person' is not an object") }
        var secret: [String: Any] = [PersonEnvelope.personField: part]
        for field in PersonalDataEvents.sealedAlongside {
            guard let member = members.member(field) else { continue }
            let value = try JSONSerialization.jsonObject(with: Data(members.value(of: member)), options: .fragmentsAllowed)
            if !(value is NSNull) { secret[field] = value }
        }
        return try PersonEnvelope.sealedText(secret, person: person, eventID: eventID, type: type, key: key)
    }
}
