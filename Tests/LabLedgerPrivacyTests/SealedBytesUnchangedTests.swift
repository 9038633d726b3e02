import Crypto
import Foundation
import Testing

@testable import LabLedgerPrivacy

/// Sealing must give the bytes it gave before the plaintext was printed without Foundation: the
/// nonce is derived from the plaintext, and a retried append (perhaps by a process of the earlier
/// version) must seal to the same part. The expected part is computed here the way the earlier
/// code did (Foundation parses the payload, prints the secret with sorted keys), for payloads
/// chosen for what the fast paths must get right, through both ways of sealing.
@Suite struct SealedBytesUnchangedTests {
    let key = SymmetricKey(data: Data(repeating: 7, count: 32))
    let eventID = UUID(uuidString: "0b9c6f0e-3f0a-4d1e-9a51-6f2d8f1c2a77")!  // a literal that parses
    let type = "StudentshipAwarded"

    static let payloads: [String] = [
        #"{"student":"p-ana","lab":"hkai","orcid":"0000-0002-1825-0097","person":{"name":"Ana Lima","email":"ana@example.org"}}"#,
        #"{"student":"p-ana","person":{"Name":"A","email":"e","a":"x","ab":"y","b":"1","Ab":"2","aa":"3"}}"#,
        "{\"student\":\"p-ana\",\"person\":{\"name\":\"a/b\u{7F}\u{2028}\u{FEFF}é李😀 end\"}}",
        #"{"student":"p-ana","person":{"name":"x","aliases":["a",null,["b",[]]],"extra":{},"none":null}}"#,
        #"{"student":"p-ana", "orcid" :  null , "person" : { "name" : "x" , "email" : "y@z.org" } }"#,
        "{\n  \"student\": \"p-ana\",\n  \"person\": {\n    \"email\": \"e@x.org\",\n    \"name\": \"Zoë\"\n  },\n  \"orcid\": \"0000-0001-5109-3700\"\n}",
        #"{"student":"p-ana","person":{"name":"q\"uote\\n\u00e9","email":"a@b.org"}}"#,
        #"{"student":"p-ana","person":{"name":"x","age":3,"ok":true}}"#,
        #"{"student":"p-ana","person":{"name":"x","NAME":"y"}}"#,
    ]

    /// The sealed text as the code before this change made it.
    func earlierSealedText(_ payload: String) throws -> String {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])
        var secret: [String: Any] = ["person": try #require(object["person"])]
        if let orcid = object["orcid"], !(orcid is NSNull) { secret["orcid"] = orcid }
        let plaintext = try JSONSerialization.data(withJSONObject: secret, options: [.sortedKeys, .withoutEscapingSlashes])
        // The earlier seal, written out here rather than called, so that a change to the nonce
        // or the bound context fails this test too.
        let id = eventID.uuidString.lowercased()
        var nonceSource = Data(id.utf8)
        nonceSource.append(0)
        nonceSource.append(plaintext)
        let nonce = try AES.GCM.Nonce(data: Data(HMAC<SHA256>.authenticationCode(for: nonceSource, using: key).prefix(12)))
        let box = try AES.GCM.seal(plaintext, using: key, nonce: nonce, authenticating: Data("labledger-person-v1\u{0}\(id)\u{0}p-ana".utf8))
        return try #require(box.combined).base64EncodedString()
    }

    @Test(arguments: 0..<payloads.count)
    func sealingFromTheBytesGivesTheEarlierSealedPart(index: Int) throws {
        let payload = Self.payloads[index]
        guard case .part(let members, let person) = PersonPartBytes.find(in: Data(payload.utf8), type: type) else {
            Issue.record("payload \(index) was not sealed from its bytes")
            return
        }
        let sealed = try PersonPartBytes.seal(members, person: person, eventID: eventID, type: type, key: PersonSealKey(key))
        let object = try #require(try JSONSerialization.jsonObject(with: sealed) as? [String: Any])
        let part = try #require(object["person"] as? [String: Any])
        #expect(part["sealed"] as? String == (try earlierSealedText(payload)), "payload \(index)")
        #expect(object["orcid"] == nil)
    }

    @Test(arguments: 0..<payloads.count)
    func sealingTheParsedObjectGivesTheEarlierSealedPart(index: Int) throws {
        let payload = Self.payloads[index]
        let object = try #require(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])
        let sealed = try PersonEnvelope.seal(object, person: "p-ana", eventID: eventID, type: type, key: PersonSealKey(key))
        let part = try #require(sealed["person"] as? [String: Any])
        #expect(part["sealed"] as? String == (try earlierSealedText(payload)), "payload \(index)")
    }
}
