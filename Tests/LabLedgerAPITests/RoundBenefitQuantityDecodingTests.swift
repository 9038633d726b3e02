import Foundation
import LabLedgerContract
import LabLedgerDomain
@testable import LabLedgerAPI
import Testing

/// The request body as the generated server decodes it, and the handler's reading of it: the
/// flat `Amount` and the deprecated nested shape give the same domain amount; a flat body is
/// never taken for the nested one, nor the nested for the flat.
@Suite struct RoundBenefitQuantityDecodingTests {
    static func body(_ quantity: String) throws -> Components.Schemas.GrantRoundBenefit {
        let json = #"{"startup": "pixelmind", "kind": "cash", "quantity": \#(quantity), "provider": "aef", "reference": "R", "grantedOn": "2018-11-01"}"#
        return try JSONDecoder().decode(Components.Schemas.GrantRoundBenefit.self, from: Data(json.utf8))
    }

    static func amount(_ quantity: String) throws -> (Amount?, [FieldProblem]) {
        var fields = Fields()
        let amount = fields.roundBenefitQuantity("/quantity", try body(quantity).quantity)
        return (amount, fields.problems)
    }

    @Test(arguments: [
        (#"{"currency": "HKD", "amount": "250000.00"}"#, #"{"cash": {"currency": "HKD", "amount": "250000.00"}}"#),
        (#"{"unit": "gpu_hours", "quantity": 8000}"#, #"{"inKind": {"unit": "gpu_hours", "quantity": 8000}}"#),
    ])
    func theFlatAndTheNestedShapeReadAsTheSameAmount(flat: String, nested: String) throws {
        let (fromFlat, flatProblems) = try Self.amount(flat)
        let (fromNested, nestedProblems) = try Self.amount(nested)
        #expect(flatProblems.isEmpty && nestedProblems.isEmpty)
        #expect(fromFlat != nil)
        #expect(fromFlat == fromNested)
    }

    @Test func eachShapeDecodesAsItsOwnAlternative() throws {
        guard case .Amount(let flat) = try Self.body(#"{"unit": "square_metres", "quantity": 45}"#).quantity else {
            Issue.record("a flat amount decoded as the nested shape")
            return
        }
        #expect(flat.unit == .squareMetres && flat.quantity == 45)
        guard case .RoundBenefitQuantity(let nested) = try Self.body(#"{"cash": {"currency": "HKD", "amount": "1.00"}}"#).quantity else {
            Issue.record("the nested shape decoded as a flat amount")
            return
        }
        #expect(nested.cash?.amount == "1.00")
    }

    @Test func bothPairsOrNeitherIsAProblemAtTheQuantityNamingTheFields() throws {
        let (mixed, mixedProblems) = try Self.amount(#"{"currency": "HKD", "amount": "1.00", "unit": "gpu_hours", "quantity": 5}"#)
        #expect(mixed == nil)
        #expect(mixedProblems.map(\.pointer) == ["/quantity"])
        #expect(mixedProblems.first?.code == "amount.cash-and-in-kind-mixed")
        let (empty, emptyProblems) = try Self.amount("{}")
        #expect(empty == nil)
        #expect(emptyProblems.map(\.code) == ["amount.required"])
        let (nestedBoth, nestedProblems) = try Self.amount(#"{"cash": {"currency": "HKD", "amount": "1"}, "inKind": {"unit": "gpu_hours", "quantity": 5}}"#)
        #expect(nestedBoth == nil)
        #expect(nestedProblems.map(\.code) == ["round.quantity-cash-or-in-kind"])
    }
}
