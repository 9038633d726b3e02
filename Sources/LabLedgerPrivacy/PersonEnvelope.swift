import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LabLedgerDomain

/// How one payload's personal part is sealed and opened; pure, the keys are handed in.
///
/// Sealed, `person` becomes `{"personId": ID, "sealed": base64(nonce ‖ ciphertext ‖ tag)}` and
/// the fields sealed alongside it (the ORCID iD) leave the payload; the plaintext is the JSON
/// object of those fields. Opened, they are back as written. Erased (the key destroyed),
/// `person` is `{"erased": true, "erasedOn": DAY}` and the fields sealed alongside are absent.
enum PersonEnvelope {
    static let sealedField = "sealed"
    static let personIDField = "personId"
    static let personField = "person"

    /// The person whose key seals this payload, or nil when its type carries no personal part.
    static func owner(of object: [String: Any], type: String) throws -> String? {
        guard let field = PersonalDataEvents.personField[type], object[personField] != nil else { return nil }
        guard let person = object[field] as? String, !person.isEmpty else {
            throw PersonVaultError.unsealable(eventType: type, reason: "its '\(field)' does not name a person")
        }
        return person
    }

    /// `object` with its personal part sealed with `key`. The nonce is derived from the key, the
    /// event id and the plaintext, so a retried append seals to the very same bytes (the store's
    /// idempotent replay compares them), while two different plaintexts under one person's key
    /// share a nonce only if their 96-bit HMAC prefixes collide (a person has few events).
    static func seal(_ object: [String: Any], person: String, eventID: UUID, type: String, key: PersonSealKey) throws -> [String: Any] {
        guard let part = object[personField] as? [String: Any] else {
            throw PersonVaultError.unsealable(eventType: type, reason: "its 'person' is not an object")
        }
        var secret: [String: Any] = [personField: part]
        var sealed = object
        for field in PersonalDataEvents.sealedAlongside {
            if let value = object[field], !(value is NSNull) { secret[field] = value }
            sealed[field] = nil
        }
        sealed[personField] = [personIDField: person, sealedField: try sealedText(secret, person: person, eventID: eventID, type: type, key: key)]
        return sealed
    }

    /// The sealed text of a personal part (`secret`: `person` and the fields sealed with it):
    /// base64 of nonce ‖ ciphertext ‖ tag. Shared by both ways of sealing (this object's and
    /// `PersonPartBytes`), so an event seals to the same bytes whichever way it went.
    static func sealedText(_ secret: [String: Any], person: String, eventID: UUID, type: String, key: PersonSealKey) throws -> String {
        let plaintext = try SortedJSONText.bytes(secret).map { Data($0) }
            ?? JSONSerialization.data(withJSONObject: secret, options: [.sortedKeys, .withoutEscapingSlashes])
        return try sealedText(plaintext: plaintext, person: person, eventID: eventID, type: type, key: key)
    }

    /// The sealed text of a plaintext already printed as `sealedText(_:…)` prints it.
    static func sealedText(plaintext: Data, person: String, eventID: UUID, type: String, key: PersonSealKey) throws -> String {
        let id = idText(eventID)
        var nonceSource: [UInt8] = []
        nonceSource.reserveCapacity(id.count + 1 + plaintext.count)
        nonceSource.append(contentsOf: id)
        nonceSource.append(0)
        nonceSource.append(contentsOf: plaintext)
        let nonce = try AES.GCM.Nonce(data: Array(key.authenticationCode(for: nonceSource).prefix(12)))
        let box = try AES.GCM.seal(plaintext, using: key.key, nonce: nonce, authenticating: context(id: id, person: person))
        guard let combined = box.combined else { throw PersonVaultError.unsealable(eventType: type, reason: "no combined box") }
        return combined.base64EncodedString()
    }

    /// The person of a sealed part in a stored payload, or nil when it has none. A cheap byte
    /// search first: most events have no personal part and are not parsed at all.
    static func sealedPerson(in data: Data) -> (object: [String: Any], person: String)? {
        guard holds(data, sealedMarker),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let part = object[personField] as? [String: Any], part[sealedField] is String,
            let person = part[personIDField] as? String
        else { return nil }
        return (object, person)
    }

    /// The person of a plaintext part (written before sealing, docs/domain.md "History written
    /// before sealing"), or nil when the payload has none.
    static func plaintextPerson(in data: Data, type: String) -> (object: [String: Any], person: String)? {
        guard let field = PersonalDataEvents.personField[type],
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let part = object[personField] as? [String: Any], part[sealedField] == nil, part["erased"] == nil,
            let person = object[field] as? String
        else { return nil }
        return (object, person)
    }

    /// The payload with its personal part as an erased person's reads.
    static func masked(_ object: [String: Any], erasedOn day: String) throws -> Data {
        var masked = object
        masked[personField] = ["erased": true, "erasedOn": day]
        for field in PersonalDataEvents.sealedAlongside { masked[field] = nil }
        return try JSONSerialization.data(withJSONObject: masked, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// The payload as readers see it: opened with `key`, or erased on `erasedOn`.
    static func open(_ object: [String: Any], person: String, eventID: UUID, with access: KeyAccess) throws -> Data {
        var opened = object
        switch access {
        case .erased(let day):
            return try masked(object, erasedOn: day)
        case .key(let key):
            guard let part = object[personField] as? [String: Any], let text = part[sealedField] as? String,
                let combined = Data(base64Encoded: text),
                let plaintext = try? AES.GCM.open(
                    AES.GCM.SealedBox(combined: combined), using: key, authenticating: context(eventID: eventID, person: person)),
                let secret = try? JSONSerialization.jsonObject(with: plaintext) as? [String: Any]
            else { throw PersonVaultError.unopenable(person: person) }
            for (field, value) in secret { opened[field] = value }
        }
        return try JSONSerialization.data(withJSONObject: opened, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// What a reader holds for a person: their key, or the day it was destroyed.
    enum KeyAccess {
        case key(SymmetricKey)
        case erased(on: String)
    }

    /// Bound into every seal: a sealed part moved to another event or person does not open.
    private static func context(eventID: UUID, person: String) -> Data {
        context(id: idText(eventID), person: person)
    }

    private static func context(id: [UInt8], person: String) -> Data {
        var context = Data("labledger-person-v1\u{0}".utf8)
        context.append(contentsOf: id)
        context.append(0)
        context.append(contentsOf: person.utf8)
        return context
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `eventID.uuidString.lowercased()` as UTF-8, printed here: Foundation's text and the
    /// lower-casing were a tenth of a seal in the release profile, done twice per event.
    static func idText(_ eventID: UUID) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(36)
        withUnsafeBytes(of: eventID.uuid) { bytes in
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
                text.append(hexDigits[Int(byte >> 4)])
                text.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return text
    }

    /// The key as a stored payload spells it: PostgreSQL prints `jsonb` with no escape a key of
    /// plain letters does not need, so a payload holding the member holds these bytes.
    private static let sealedMarker = Array("\"\(sealedField)\"".utf8)

    /// Whether `data` holds `bytes` (any data holds none): `memchr` to each place the first byte
    /// is, `memcmp` there.
    /// `Data.range(of:)` searched through `NSData` byte by byte, about 2% of a rebuild's worker
    /// samples for this one check per event (bench/README.md, "Keys hashed once"); Glibc's
    /// `memmem` is a GNU extension Swift does not import.
    static func holds(_ data: Data, _ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first else { return true }
        return data.withUnsafeBytes { haystack in
            bytes.withUnsafeBytes { needle in
                guard let start = haystack.baseAddress, let pattern = needle.baseAddress else { return false }
                var offset = 0
                while haystack.count - offset >= needle.count {
                    guard let found = memchr(start + offset, Int32(first), haystack.count - offset - needle.count + 1) else { return false }
                    if memcmp(found, pattern, needle.count) == 0 { return true }
                    offset = start.distance(to: UnsafeRawPointer(found)) + 1
                }
                return false
            }
        }
    }
}
