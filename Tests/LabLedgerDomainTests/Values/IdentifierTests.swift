import Foundation
import Testing
@testable import LabLedgerDomain

@Suite("Identifiers and stream names")
struct IdentifierTests {
    @Test("a party id is a lower-case slug of 2 to 63 characters", arguments: ["tencent", "cuhk-shenzhen", "00", "3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b"])
    func acceptsSlugs(text: String) throws {
        #expect(try PartyID(parsing: text).rawValue == text)
    }

    @Test("a party id refuses upper case, a leading dash, and wrong lengths")
    func refusesBadSlugs() {
        #expect(valueErrorCode { try PartyID(parsing: "Tencent") } == "party-id.invalid-format")
        #expect(valueErrorCode { try PartyID(parsing: "-tencent") } == "party-id.invalid-format")
        #expect(valueErrorCode { try PartyID(parsing: "jd.com") } == "party-id.invalid-format")
        #expect(valueErrorCode { try PartyID(parsing: "a") } == "party-id.invalid-length")
        #expect(valueErrorCode { try PartyID(parsing: String(repeating: "a", count: 64)) } == "party-id.invalid-length")
    }

    @Test("decoding an invalid id from JSON fails instead of creating it")
    func decodingValidates() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PartyID.self, from: Data(#""Bad Id""#.utf8)) }
    }

    @Test("a stream name is category, dash, id and splits at the first dash")
    func streamNames() throws {
        let party = StreamName.party(try PartyID(parsing: "cuhk-shenzhen"))
        #expect(party.rawValue == "party-cuhk-shenzhen")
        let parsed = try StreamName(parsing: "ipasset-3f2a9c1e-8b7d")
        #expect(parsed.category == .ipAsset)
        #expect(parsed.id == "3f2a9c1e-8b7d")
        #expect(valueErrorCode { try StreamName(parsing: "party") } == "stream-name.missing-category")
        #expect(valueErrorCode { try StreamName(parsing: "Party-x") } == "stream-name.invalid-category")
        #expect(valueErrorCode { try StreamName(parsing: "party-") } == "stream-name.empty-id")
        #expect(try jsonString(party) == #""party-cuhk-shenzhen""#)
    }
}
