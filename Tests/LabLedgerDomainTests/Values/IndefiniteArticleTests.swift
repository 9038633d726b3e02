import LabLedgerDomain
import Testing

@Suite struct IndefiniteArticleTests {
    @Test(arguments: [
        ("admin", "An admin"), ("auditor", "An auditor"), ("operator", "An operator"),
        ("university", "A university"), ("company", "A company"),
        ("output id", "An output id"), ("ipasset id", "An ipasset id"), ("agreement id", "An agreement id"),
        ("party id", "A party id"), ("office_space", "An office_space"), ("cash", "A cash"),
    ])
    func messagesStartWithTheArticleTheWordIsSpokenWith(noun: String, expected: String) {
        #expect(IndefiniteArticle.before(noun, capitalized: true) == expected)
        #expect(IndefiniteArticle.before(noun) == expected.prefix(1).lowercased() + expected.dropFirst())
    }

    @Test func slugErrorsNameTheValueWithItsArticle() throws {
        let error = #expect(throws: ValueError.self) { try OutputID(parsing: "x") }
        #expect(error?.message.hasPrefix("An output id is 2 to 63 characters long") == true)
    }
}
