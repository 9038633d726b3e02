@testable import LabLedgerAPI
import Testing

/// `Money` is documented as `Amount`'s cash branch: its two fields must hold the same rules as
/// Amount's, or a sum valid in one place would be refused in another.
@Suite struct MoneyAmountAgreementTests {
    /// The rules of a schema as comparable text, leaving out what only documents it.
    static func rules(_ schema: SchemaTree) -> String {
        switch schema.node {
        case .map(let children):
            let kept = children.keys.filter { !["example", "examples", "description"].contains($0) }.sorted()
            return "{" + kept.map { "\($0): \(rules(children[$0] ?? schema))" }.joined(separator: ", ") + "}"
        case .list(let items): return "[" + items.map(rules).joined(separator: ", ") + "]"
        case .string(let text): return "'\(text)'"
        case .integer(let value): return "\(value)"
        case .number(let value): return "\(value)"
        case .bool(let value): return "\(value)"
        case .null: return "null"
        }
    }

    @Test func moneysCurrencyAndAmountHoldExactlyTheRulesOfAmountsCashPair() throws {
        let components = try RequestContract.schemas().check.components
        let money = try #require(components.child("Money")?.child("properties"))
        let amount = try #require(components.child("Amount")?.child("properties"))
        for field in ["currency", "amount"] {
            let inMoney = try #require(money.child(field), "Money.\(field)")
            let inAmount = try #require(amount.child(field), "Amount.\(field)")
            #expect(Self.rules(inMoney) == Self.rules(inAmount), "\(field)")
            #expect(Self.rules(inMoney).contains("pattern"), "\(field) has no rule to compare")
        }
        #expect(components.child("Money")?.strings("required")?.sorted() == ["amount", "currency"])
    }
}
