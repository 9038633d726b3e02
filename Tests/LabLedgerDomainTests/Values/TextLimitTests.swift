import Foundation
import LabLedgerDomain
import Testing

@Suite("Text and list limits")
struct TextLimitTests {
    static func wide(_ count: Int) -> String {
        String(String.UnicodeScalarView((0..<count).compactMap { Unicode.Scalar(0x20000 + UInt32($0)) }))
    }

    @Test("each kind accepts its maximum in 4-byte characters and refuses one more, naming the limit")
    func eachKindAtAndPastItsLimit() throws {
        for limit in TextLimit.allCases {
            #expect(throws: Never.self) { try limit.check(Self.wide(limit.maxLength)) }
            #expect { try limit.check(Self.wide(limit.maxLength + 1)) } throws: { error in
                (error as? ValueError)?.code == "text.too-long" && (error as? ValueError)?.message.contains("\(limit.maxLength)") == true
            }
        }
    }

    @Test("the indexed kinds stay under PostgreSQL's btree entry limit even at 4 bytes per character")
    func indexedKindsFitABtreeEntry() {
        for length in [TextLimit.name.maxLength, TextLimit.reference.maxLength, DOI.maxLength] {
            #expect(length * 4 + 64 < 2_704)
        }
    }

    @Test("a list past its maximum is refused")
    func listLimits() {
        for limit in ListLimit.allCases {
            #expect(throws: Never.self) { try limit.check(count: limit.maxItems) }
            #expect(throws: ValueError.self) { try limit.check(count: limit.maxItems + 1) }
        }
    }

    @Test("a decider refuses text past its kind's limit even when no handler checked it")
    func decidersHoldTheLimitsToo() throws {
        let command = RegisterParty(
            party: try PartyID(parsing: "wide"), name: Self.wide(TextLimit.name.maxLength + 1), kind: .company,
            country: try CountryCode(parsing: "CN"))
        #expect { try PartyDecider.decide(.register(command), .unregistered) } throws: { error in
            (error as? DomainError)?.code == "party.name-too-long"
        }
        let fits = RegisterParty(
            party: try PartyID(parsing: "wide"), name: Self.wide(TextLimit.name.maxLength), kind: .company,
            country: try CountryCode(parsing: "CN"))
        #expect(try PartyDecider.decide(.register(fits), .unregistered).count == 1)
    }

    @Test("values stored before the limits still decode: a long DOI and a long person's name")
    func storedValuesStillDecode() throws {
        let longDOI = "10.1234/" + String(repeating: "x", count: DOI.maxLength)
        #expect(throws: ValueError.self) { try DOI(parsing: longDOI) }
        let decoded = try JSONDecoder().decode([DOI].self, from: Data(#"["\#(longDOI)"]"#.utf8))
        #expect(decoded.first?.rawValue == longDOI)
        let longName = String(repeating: "n", count: TextLimit.personName.maxLength + 100)
        #expect(throws: ValueError.self) { try PersonalData(name: longName) }
        let person = try JSONDecoder().decode(PersonalData.self, from: Data(#"{"name": "\#(longName)"}"#.utf8))
        #expect(person.name == longName)
    }

    @Test("a person's name, email and phone are bounded by the value itself")
    func personalData() {
        #expect(throws: Never.self) { try PersonalData(name: Self.wide(300), email: "a@example.org", phone: Self.wide(50)) }
        #expect(throws: ValueError.self) { try PersonalData(name: Self.wide(301)) }
        #expect(throws: ValueError.self) { try PersonalData(name: "A", email: String(repeating: "a", count: 250) + "@example.org") }
        #expect(throws: ValueError.self) { try PersonalData(name: "A", phone: Self.wide(51)) }
    }
}
