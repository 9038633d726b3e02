import Foundation
import LabLedgerAPI
import LabLedgerDomain
import Testing

/// Every free-text field and list has a maximum (`TextLimit`, `ListLimit`, stated as
/// `maxLength`/`maxItems` in openapi.yaml); past it a command is a 400 naming the field, beside
/// every other invalid field, and nothing is written.
@Suite struct FieldLimitTests {
    /// `count` 4-byte characters (U+20000 onwards, CJK Extension B), the worst case per character.
    static func wide(_ count: Int) -> String {
        String(String.UnicodeScalarView((0..<count).compactMap { Unicode.Scalar(0x20000 + UInt32($0 % 40_000)) }))
    }

    static func party(name: String, country: String = "CN") -> String {
        #"{"party":"wide-name","name":"\#(name)","kind":"company","country":"\#(country)"}"#
    }

    @Test func aNameAtItsLimitIsAcceptedOneCharacterMoreIsABadRequestNamingTheFieldBesideTheOthers() async throws {
        try await APITestApp.run("limit_name", workers: false) { app in
            let key = try await app.admin()
            let tooLong = try await app.post("/v1/parties", key: key, json: Self.party(name: Self.wide(301), country: "China"))
            #expect(tooLong.status == .badRequest, "\(tooLong.text)")
            #expect(Set(tooLong.pointers) == ["/name", "/country"])
            let errors = try #require(tooLong.json["errors"] as? [[String: Any]])
            let name = try #require(errors.first { $0["pointer"] as? String == "/name" })
            #expect(name["code"] as? String == "text.too-long")
            #expect((name["detail"] as? String)?.contains("300") == true)
            #expect(try await app.database.count() == 0)

            let atLimit = try await app.post("/v1/parties", key: key, json: Self.party(name: Self.wide(300)))
            #expect(atLimit.status == .created, "\(atLimit.text)")
        }
    }

    @Test func listsPastTheirMaximumAndTooLongItemsOrPersonalDataAreBadRequestsAtTheirPointers() async throws {
        try await APITestApp.run("limit_lists", workers: false) { app in
            let key = try await app.admin()
            let areas = (0...ListLimit.researchAreas.maxItems).map { #""area \#($0)""# }.joined(separator: ",")
            let lab = try await app.post("/v1/labs", key: key, json: """
                {"lab":"wide-lab","name":"\(Self.wide(301))","founders":[{"party":"a-party","role":"university"}],
                 "foundedOn":"2020-01-01","researchAreas":[\(areas)]}
                """)
            #expect(lab.status == .badRequest, "\(lab.text)")
            #expect(Set(lab.pointers) == ["/name", "/researchAreas"])
            let errors = try #require(lab.json["errors"] as? [[String: Any]])
            #expect(errors.first { $0["pointer"] as? String == "/researchAreas" }?["code"] as? String == "list.too-many-items")

            let area = try await app.post("/v1/labs", key: key, json: """
                {"lab":"wide-lab","name":"Wide","founders":[{"party":"a-party","role":"university"}],
                 "foundedOn":"2020-01-01","researchAreas":["vision","\(Self.wide(301))"]}
                """)
            #expect(area.pointers == ["/researchAreas/1"], "\(area.text)")

            let advisor = try await app.post("/v1/labs/wide-lab/advisory-board", key: key, json: """
                {"advisor":"someone","expertise":"\(Self.wide(301))","appointedOn":"2020-01-01",
                 "person":{"name":"\(Self.wide(301))","email":"\(Self.wide(250))@example.org","phone":"\(Self.wide(51))"}}
                """)
            #expect(Set(advisor.pointers) == ["/expertise", "/person/name", "/person/email", "/person/phone"], "\(advisor.text)")
            #expect(try await app.database.count() == 0)
        }
    }

    @Test func aDOIOverItsLimitIsRefusedByTheValueItself() throws {
        let suffix = String(repeating: "a", count: DOI.maxLength - 8)
        #expect(throws: Never.self) { try DOI(parsing: "10.1234/" + suffix) }
        #expect(throws: ValueError.self) { try DOI(parsing: "10.1234/" + suffix + "a") }
    }

    @Test func amountsAndPatentNumbersAsWrittenAreBoundedToo() throws {
        let currency = try CurrencyCode(parsing: "HKD")
        #expect(throws: Never.self) { try Money(parsing: String(repeating: "0", count: Money.maxTextLength - 3) + ".00", currency: currency) }
        #expect(throws: ValueError.self) { try Money(parsing: String(repeating: "0", count: Money.maxTextLength) + ".00", currency: currency) }
        #expect(throws: Never.self) { try PatentNumber(parsing: "CN 110459208 B") }
        #expect(throws: ValueError.self) { try PatentNumber(parsing: "CN" + String(repeating: " ", count: 40) + "110459208B") }
    }

    @Test func textLimitsCountCodePointsNotCharacters() throws {
        // One grapheme cluster of 301 code points: a limit in Characters would let it through.
        let cluster = "e" + String(repeating: "\u{301}", count: 300)
        #expect(cluster.count == 1)
        #expect(throws: ValueError.self) { try TextLimit.name.check(cluster) }
        #expect(throws: Never.self) { try TextLimit.name.check(Self.wide(300)) }
    }

    @Test func aBodyOverTheDefaultLimitIsRefusedWith413() async throws {
        try await APITestApp.run("limit_body", workers: false) { app in
            let body = Self.party(name: String(repeating: "x", count: APIOptions().maxBodyBytes))
            let response = try await app.post("/v1/parties", key: try await app.admin(), json: body)
            #expect(response.status == .contentTooLarge, "\(response.status)")
        }
    }

    /// The largest legitimate body (an output at every limit, in characters that take the most
    /// bytes escaped) still fits the default body limit, and its event the store's cap.
    @Test func theLargestOutputRegistrationFitsTheBodyLimit() throws {
        // A client may escape every 4-byte character as a surrogate pair: 12 bytes each.
        let escaped = { (count: Int) in String(repeating: #"\ud840\udc00"#, count: count) }
        let roles = CreditRole.allCases.map { #""\#($0.officialName)""# }.joined(separator: ",")
        let contributors = (0..<ListLimit.contributors.maxItems).map { _ in
            #"{"orcid":"https://orcid.org/0000-0002-1825-0097","creditRoles":[\#(roles)]}"#
        }.joined(separator: ",")
        let affiliations = (0..<ListLimit.affiliations.maxItems).map { #""\#(String(repeating: "p", count: 60))-\#($0)""# }
            .joined(separator: ",")
        let body = """
            {"output":"\(String(repeating: "o", count: 63))","kind":"paper","title":"\(escaped(TextLimit.title.maxLength))",
             "doi":"10.123456789/\(escaped(DOI.maxLength - 13))","contributors":[\(contributors)],
             "affiliations":[\(affiliations)],"agreement":"\(String(repeating: "a", count: 63))","date":"2026-01-01"}
            """
        #expect(body.utf8.count < APIOptions().maxBodyBytes, "\(body.utf8.count) bytes")
    }
}
