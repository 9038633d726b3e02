@testable import LabLedgerAPI
import Testing

/// One finding per bad field in a 400, the most precise of the domain's and the contract's.
@Suite struct FieldProblemJoinTests {
    static func finding(_ pointer: String, _ code: String) -> FieldProblem {
        FieldProblem(pointer: pointer, code: code, detail: code)
    }

    @Test func theDomainsMessageWinsAtItsFieldAndBeneathIt() {
        let joined = FieldProblem.joined(
            domain: [Self.finding("/person", "person.invalid-email")],
            schema: [Self.finding("/person/email", "invalid-format"), Self.finding("/person", "too-many-fields"), Self.finding("/personal", "unknown-field")])
        #expect(joined.map(\.code) == ["person.invalid-email", "unknown-field"])
    }

    @Test func aFindingAboutAWholeObjectGivesWayToOneInsideIt() {
        let joined = FieldProblem.joined(
            domain: [Self.finding("/amount/currency", "currency.unknown")],
            schema: [Self.finding("/amount", "too-few-fields"), Self.finding("/amount/amount", "missing-field"), Self.finding("/delta", "too-few-fields")])
        #expect(joined.map(\.pointer) == ["/amount/amount", "/amount/currency", "/delta"])
    }

    @Test func theContractsFindingsAloneKeepOnlyTheInnermost() {
        let joined = FieldProblem.joined(
            domain: [], schema: [Self.finding("/delta", "too-few-fields"), Self.finding("/delta/quantity", "missing-field"), Self.finding("/deltas", "unknown-field")])
        #expect(joined.map(\.pointer) == ["/delta/quantity", "/deltas"])
    }
}
