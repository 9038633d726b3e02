import LabLedgerAPI
import LabLedgerDomain
import Testing

@testable import LabLedgerConsole

/// Form bodies as browsers send them, and the API's field problems placed beside controls.
@Suite struct FormTests {
    @Test func aFormBodyDecodesPlusAsSpaceAndPercentEscapes() {
        let form = FormBody("title=Deep+Learning%3A+a+%3Cb%3Ereview%3C%2Fb%3E&empty=&csrf=a%2Bb&title=second")
        #expect(form["title"] == "Deep Learning: a <b>review</b>")
        #expect(form["csrf"] == "a+b")
        #expect(form["empty"] == nil)
        #expect(form["missing"] == nil)
    }

    @Test(arguments: [
        ("/output", "output"), ("/contributors/0/orcid", "contributors"), ("/affiliations/1", "affiliations"),
        ("#query/field", "field"), ("#path/labId", "lab"), ("#path/assetId", "asset"), ("#query/occurredFrom", "occurredFrom"),
    ])
    func aProblemPointerNamesTheControlItBelongsBeside(pointer: String, control: String) {
        #expect(FieldErrors.control(of: pointer) == control)
    }

    @Test func problemsWithoutAControlAreShownAboveTheForm() {
        let problem = Problem.invalid([
            FieldProblem(pointer: "/output", detail: "not a slug"), FieldProblem(pointer: "/", detail: "body"),
            FieldProblem(pointer: "/output", detail: "too long"),
        ])
        let errors = FieldErrors(problem)
        #expect(errors.text(for: "output") == "not a slug too long")
        #expect(errors.general == ["/: body"])
        #expect(!errors.isEmpty)
        #expect(FieldErrors(Problem.refused(.init(code: "x.y", message: "refused"))).general == ["refused"])
    }
}
