import HTTPTypes
import LabLedgerAPI
import LabLedgerDomain
import Testing

@testable import LabLedgerConsole

/// The bundled templates rendered with views as the pages build them.
@Suite struct RenderingTests {
    let templates: Templates

    init() throws {
        templates = try Templates.bundled()
    }

    static let hostile = "<script>alert(\"x\")</script>&"

    @Test func everythingAViewCarriesIsHTMLEscaped() throws {
        let view = Console.SignInView(frame: .signedOut(Self.hostile), csrf: "tok\"en", error: Self.hostile, hasError: true)
        let html = try templates.render(view, "sign-in")
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;"))
        #expect(html.contains("value=\"tok&quot;en\""))
    }

    @Test func theSignInFormCarriesItsCSRFTokenAndALabelledKeyField() throws {
        let html = try templates.render(Console.SignInView(frame: .signedOut("Sign in"), csrf: "abc123", error: "", hasError: false), "sign-in")
        #expect(html.contains("<input type=\"hidden\" name=\"csrf\" value=\"abc123\">"))
        #expect(html.contains("<label for=\"key\">API key</label>"))
        #expect(html.contains("id=\"key\""))
        #expect(!html.contains("role=\"alert\""))
        #expect(html.hasPrefix("<!doctype html>\n<html lang=\"en\">"))
    }

    @Test func theLayoutShowsTheRolesLinksTheSignOutFormAndTheFreshness() throws {
        let session = ConsoleSession(principal: Principal(keyID: "k1", role: .company, party: try PartyID(parsing: "tencent")), csrf: "csrf-1")
        let freshness = Freshness(checkpoint: "9.120", behind: 3, projections: 8)
        let frame = Frame.of(session, title: "Home", path: "/console/rights-map", freshness: freshness)
        let html = try templates.render(Console.HomeView(frame: frame, who: frame.who, entries: []), "home")
        #expect(html.contains("company key for tencent"))
        #expect(html.contains("<a href=\"/console/rights-map\" aria-current=\"page\">Rights map</a>"))
        #expect(html.contains("name=\"csrf\" value=\"csrf-1\""))
        #expect(html.contains("Read models at checkpoint 9.120 (8 projections, 3 events behind the history)."))
    }

    @Test func theRightsMapMarksTheExclusiveSliceAndFreeCells() throws {
        let licence = RightsMap.Licence(
            licence: "tencent-cv-cn", licensee: "tencent", exclusive: true, fields: ["computer_vision", "speech"], territories: ["CN", "HK"],
            from: "2020-01-01", until: "2030-01-01")
        let map = RightsMap(date: try LocalDate(parsing: "2026-01-01"), licences: [licence], options: [])
        let view = CompanyPages.RightsMapView(
            frame: .signedOut("Rights map"), choices: [.init(asset: "a1", selected: true)], on: "2026-01-01", asset: "a1", hasMap: true, map: map,
            hasRows: true, dateError: "", hasDateError: false)
        let html = try templates.render(view, "rights-map")
        #expect(html.contains("<span class=\"tag exclusive\">tencent — exclusive licence tencent-cv-cn until 2030-01-01</span>"))
        #expect(html.contains("<th scope=\"row\">computer_vision</th>"))
        #expect(html.contains("<th scope=\"col\">HK</th>"))
        #expect(html.contains("<option value=\"a1\" selected>a1</option>"))
        // No date problem: the date control is not marked invalid.
        #expect(!html.contains("aria-invalid"))
    }

    @Test func aFormShowsEachAPIProblemBesideItsControl() throws {
        let errors = FieldErrors(Problem.invalid([
            FieldProblem(pointer: "/output", detail: "An id is lower-case letters, digits and hyphens."),
            FieldProblem(pointer: "/contributors/0/orcid", detail: "Not an ORCID iD."),
        ]))
        var form = UniversityPages.RegistrationForm(lab: "lab-1")
        form.output = "Bad Id"
        let view = UniversityPages.RegistrationView(
            frame: .signedOut("Register"), form: form, kinds: [.init(kind: "paper", selected: true)], labs: ["lab-1"], errors: errors)
        let html = try templates.render(view, "output-new")
        #expect(html.contains("<input id=\"output\" name=\"output\" value=\"Bad Id\" aria-invalid=\"true\" aria-describedby=\"output-error\">"))
        #expect(html.contains("<span id=\"output-error\" class=\"field-error\">An id is lower-case letters, digits and hyphens.</span>"))
        #expect(html.contains("<span id=\"contributors-error\" class=\"field-error\">Not an ORCID iD.</span>"))
        #expect(!html.contains("id=\"title-error\""))
    }

    @Test func theFundingChartIsAnSVGWithATitleAndOneRectPerBar() throws {
        let chart = BarChart([.init(label: "tencent · CNY", committed: 100, disbursed: 25, remaining: 75)])
        let lab = OperatorPages.LabRow(lab: "l", name: "L", foundedOn: "2018-06-12", status: "active", memberCount: 0, members: [], areas: "", hasAreas: false)
        let view = OperatorPages.LabView(
            frame: .signedOut("Lab"), lab: lab, agreements: [], hasAgreements: false, agreementsTruncated: false, limit: 200, rounds: [], hasRounds: false, totals: [],
            funding: [.init(funder: "tencent", measure: "CNY", committed: "100", disbursed: "25", remaining: "75")], hasFunding: true,
            chart: chart)
        let html = try templates.render(view, "lab")
        #expect(html.contains("<svg role=\"img\" aria-labelledby=\"chart-title\""))
        #expect(html.components(separatedBy: "<rect ").count - 1 == 3)
        #expect(html.contains("width=\"105\" height=\"16\" class=\"bar disbursed\""))
    }

    @Test func aLongListOfLabsLinksToItsNextPageAndItsHeadersSortIt() throws {
        let lab = OperatorPages.LabRow(lab: "l", name: "L", foundedOn: "2018-06-12", status: "active", memberCount: 0, members: [], areas: "", hasAreas: false)
        let sort = TableSort(OperatorPages.labColumns, sort: "founded", dir: "desc")
        let headers = sort.headers(path: "/console/labs", keep: [])
        let paged = try templates.render(
            OperatorPages.LabsView(frame: .signedOut("Labs"), labs: [lab], empty: false, headers: headers, nextLink: "/console/labs?after=abc", hasNext: true),
            "labs")
        #expect(paged.contains(#"<a href="/console/labs?after=abc">Next page</a>"#))
        #expect(paged.contains(
            #"<th scope="col" aria-sort="descending"><a href="/console/labs?sort=founded&amp;dir=asc" class="sort">Founded<span class="visually-hidden">, sort by founded, ascending</span></a></th>"#))
        #expect(paged.contains(
            #"<th scope="col"><a href="/console/labs?sort=name&amp;dir=asc" class="sort">Name<span class="visually-hidden">, sort by name, ascending</span></a></th>"#))
        let last = try templates.render(
            OperatorPages.LabsView(frame: .signedOut("Labs"), labs: [lab], empty: false, headers: headers, nextLink: "", hasNext: false), "labs")
        #expect(!last.contains("Next page"))
    }

    @Test func theRedirectAfterRegistrationEncodesEveryQueryValue() {
        // A lab or output id with &, = or # must not add or cut query parameters.
        let response = UniversityPages.afterRegistration(lab: "a&b=c", created: "x#y-é", position: "12.3")
        #expect(response.headers[.location] == "/console/outputs?lab=a%26b%3Dc&created=x%23y-%C3%A9&position=12.3")
    }

    @Test func theReferrerPolicyAndQueryCountHeaderNamesAreValid() {
        #expect(HTTPField.Name("Referrer-Policy") != nil)
        #expect(HTTPField.Name.referrerPolicy.canonicalName == "referrer-policy")
        #expect(HTTPField.Name("LabLedger-Queries") != nil)
        #expect(HTTPField.Name.labLedgerQueries.canonicalName == "labledger-queries")
    }
}
