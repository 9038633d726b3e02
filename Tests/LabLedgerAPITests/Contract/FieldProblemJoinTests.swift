@testable import LabLedgerAPI
import Testing

/// One finding per problem in a 400, the most precise of the domain's and the contract's.
@Suite struct FieldProblemJoinTests {
    static func finding(_ pointer: String, _ code: String) -> FieldProblem {
        FieldProblem(pointer: pointer, code: code, detail: code)
    }

    @Test func theDomainsMessageWinsAtItsFieldAndAtTheInnerFieldItsCodeNames() {
        let joined = FieldProblem.joined(
            domain: [Self.finding("/person", "person.invalid-email")],
            schema: [
                Self.finding("/person/email", "invalid-format"), Self.finding("/person", "too-many-fields"),
                Self.finding("/person/name", "too-long"), Self.finding("/personal", "unknown-field"),
            ])
        #expect(joined.map(\.pointer) == ["/person", "/person/name", "/personal"])
        #expect(joined.first?.code == "person.invalid-email")
    }

    @Test func tooFewMembersGivesWayToAFindingInsideButOtherContainerFindingsStay() {
        let joined = FieldProblem.joined(
            domain: [Self.finding("/amount/currency", "currency.unknown")],
            schema: [
                Self.finding("/amount", "too-few-fields"), Self.finding("/amount/amount", "missing-field"),
                Self.finding("/delta", "too-few-fields"), Self.finding("/contributors", "too-many-items"),
                Self.finding("/contributors/3/orcid", "invalid-format"),
            ])
        #expect(joined.map(\.pointer) == ["/amount/amount", "/amount/currency", "/contributors", "/contributors/3/orcid", "/delta"])
    }

    @Test func tooManyFieldsStaysBesideTheFindingsInside() {
        let joined = FieldProblem.joined(
            domain: [], schema: [Self.finding("/amount", "too-many-fields"), Self.finding("/amount/foo", "unknown-field")])
        #expect(joined.map(\.code) == ["too-many-fields", "unknown-field"])
    }

    @Test func aValueThatFitsNoAlternativeGivesWayToTheDomainsFindingInsideIt() {
        let joined = FieldProblem.joined(
            domain: [Self.finding("/quantity/quantity", "missing-field")],
            schema: [Self.finding("/quantity", "no-alternative-matches"), Self.finding("/period", "no-alternative-matches")])
        #expect(joined.map(\.pointer) == ["/period", "/quantity/quantity"])
    }

    @Test func aValueThatFitsNoAlternativeStaysBesideAContractFindingInsideIt() {
        let joined = FieldProblem.joined(
            domain: [], schema: [Self.finding("/quantity", "no-alternative-matches"), Self.finding("/quantity/quantity", "wrong-type")])
        #expect(joined.map(\.code) == ["no-alternative-matches", "wrong-type"])
    }

    @Test func aValueThatFitsSeveralAlternativesStaysBesideTheDomainsFindingInsideIt() {
        let joined = FieldProblem.joined(
            domain: [Self.finding("/share/amount", "money.invalid")],
            schema: [Self.finding("/share", "ambiguous-alternatives")])
        #expect(joined.map(\.pointer) == ["/share", "/share/amount"])
        #expect(joined.first?.code == "ambiguous-alternatives")
    }
}
