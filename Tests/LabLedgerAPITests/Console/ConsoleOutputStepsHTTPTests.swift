import Foundation
import HTTPTypes
import LabLedgerAPI
import Testing

/// The forms for an output's steps after validation (`/console/outputs/{output}`): publication
/// review, clearance, publication, correction and withdrawal, each posted as its API command.
@Suite struct ConsoleOutputStepsHTTPTests {
    static let lab = "tencent-cuhksz-mi-lab"

    /// Registers, submits and validates an output under the Tencent agreement (30 days of
    /// publication review, Tencent reviews) through the JSON API, and waits for the read models.
    static func validatedOutput(_ app: APITestApp, _ demo: ConsoleDemo, _ output: String) async throws {
        let university = try demo.key("university", "cuhk-shenzhen")
        let registered = try await app.post("/v1/labs/\(lab)/outputs", key: university, json: """
            {"output": "\(output)", "kind": "paper", "title": "Grounded dialogue, the sequel",
             "contributors": [{"orcid": "0000-0002-1825-0097", "creditRoles": ["methodology"]}],
             "affiliations": ["cuhk-shenzhen", "tencent"], "agreement": "tencent-cuhksz-2018", "date": "2020-02-03"}
            """)
        #expect(registered.status == .created, "\(registered.text)")
        let submitted = try await app.post("/v1/outputs/\(output)/submissions", key: university, json: #"{"submittedOn": "2020-02-04"}"#)
        #expect(submitted.status == .ok, "\(submitted.text)")
        let validated = try await app.post(
            "/v1/outputs/\(output)/validations", key: university, json: #"{"validatedBy": "cuhk-shenzhen", "validatedOn": "2020-02-05"}"#)
        #expect(validated.status == .ok, "\(validated.text)")
        try await app.waitForReadModels(try #require(validated.position))
    }

    struct OutputState: Equatable {
        let status: String
        let version: Int
    }

    /// The output as the JSON API shows it to the admin: status and stream version.
    static func state(_ app: APITestApp, _ output: String) async throws -> OutputState {
        let got = try await app.get("/v1/outputs/\(output)", key: try await app.admin())
        return OutputState(status: got.json["status"] as? String ?? "", version: got.json["version"] as? Int ?? -1)
    }

    /// The dd after `<dt>Status</dt>` on an output's page.
    static func shownStatus(_ page: APIResponse) -> String {
        guard let range = page.text.range(of: "<dt>Status</dt><dd class=\"status\">") else { return "" }
        return String(page.text[range.upperBound...].prefix { $0 != "<" })
    }

    @Test func theReviewRequestClearanceAndPublicationFormsEachMoveTheOutputOn() async throws {
        try await APITestApp.run("console_steps_publish") { app in
            let demo = try await ConsoleDemo.load(app)
            let output = "mi-lab-dialogue-sequel-2020"
            try await Self.validatedOutput(app, demo, output)
            let company = ConsoleBrowser(app)
            try await company.signIn(try demo.key("company", "tencent"))
            let university = ConsoleBrowser(app)
            try await university.signIn(try demo.key("university", "cuhk-shenzhen"))

            // The outputs page links each output to its page with the later steps, for the
            // company that reviews it too (its navigation leads there).
            let list = try await university.get("/console/outputs?lab=\(Self.lab)")
            #expect(list.text.contains("<a href=\"/console/outputs/\(output)\">Output page and later steps"))
            let companyHome = try await company.get("/console/home")
            #expect(companyHome.text.contains("href=\"/console/outputs\""), "no outputs link for a company")
            let companyList = try await company.get("/console/outputs")
            #expect(companyList.status == .ok, "\(companyList.text.prefix(300))")
            #expect(companyList.text.contains("<a href=\"/console/outputs/\(output)\">Output page and later steps"))

            let page = try await company.get("/console/outputs/\(output)")
            #expect(page.status == .ok, "\(page.text)")
            #expect(Self.shownStatus(page) == "validated")
            #expect(page.text.contains("action=\"/console/outputs/\(output)/review-request\""))
            #expect(page.text.contains("<label for=\"review-request-requestedOn\">"))
            let token = try #require(ConsoleBrowser.csrf(in: page))
            let requested = try await company.post("/console/outputs/\(output)/review-request", form: [("csrf", token), ("requestedOn", "2020-02-10")])
            #expect(requested.status == .seeOther, "\(requested.text)")
            let underReview = try await company.get(try #require(requested.headers[.location]))
            #expect(underReview.text.contains("Publication review requested."))
            #expect(Self.shownStatus(underReview) == "under review")
            #expect(try await Self.state(app, output).status == "under_review")
            #expect(underReview.text.contains("<tr><td>tencent</td><td>not yet</td></tr>"))
            #expect(underReview.text.contains("value=\"tencent\""), "the reviewer is filled in with the key's party")

            let cleared = try await company.post(
                "/console/outputs/\(output)/review-clearance", form: [("csrf", token), ("reviewer", "tencent"), ("clearedOn", "2020-02-20")])
            #expect(cleared.status == .seeOther, "\(cleared.text)")
            let afterClearance = try await company.get(try #require(cleared.headers[.location]))
            #expect(Self.shownStatus(afterClearance) == "validated")
            #expect(afterClearance.text.contains("<tr><td>tencent</td><td>2020-02-20</td></tr>"))

            let universityPage = try await university.get("/console/outputs/\(output)")
            let universityToken = try #require(ConsoleBrowser.csrf(in: universityPage))
            let published = try await university.post(
                "/console/outputs/\(output)/publication",
                form: [("csrf", universityToken), ("publishedOn", "2020-03-01"), ("venue", "ACL 2020")])
            #expect(published.status == .seeOther, "\(published.text)")
            let afterPublication = try await university.get(try #require(published.headers[.location]))
            #expect(afterPublication.text.contains("Publication recorded."))
            #expect(Self.shownStatus(afterPublication) == "published")
            #expect(afterPublication.text.contains("<dt>Published</dt><dd>2020-03-01, ACL 2020</dd>"))
            #expect(!afterPublication.text.contains("action=\"/console/outputs/\(output)/publication\""))
            #expect(try await Self.state(app, output).status == "published")
        }
    }

    @Test func theCorrectionAndWithdrawalFormsChangeTheOutputAndAWithdrawnOneOffersNoStep() async throws {
        try await APITestApp.run("console_steps_correct") { app in
            let demo = try await ConsoleDemo.load(app)
            let output = "mi-lab-dialogue-fix-2020"
            try await Self.validatedOutput(app, demo, output)
            let university = ConsoleBrowser(app)
            try await university.signIn(try demo.key("university", "cuhk-shenzhen"))
            let page = try await university.get("/console/outputs/\(output)")
            let token = try #require(ConsoleBrowser.csrf(in: page))

            let corrected = try await university.post(
                "/console/outputs/\(output)/correction",
                form: [("csrf", token), ("reason", "The title lost a word."), ("correctedOn", "2020-02-06"), ("title", "Grounded dialogue, the full sequel"),
                       ("doi", ""), ("affiliations", ""), ("contributors", "")])
            #expect(corrected.status == .seeOther, "\(corrected.text)")
            let afterCorrection = try await university.get(try #require(corrected.headers[.location]))
            #expect(afterCorrection.text.contains("Correction recorded."))
            #expect(afterCorrection.text.contains("<dt>Title</dt><dd>Grounded dialogue, the full sequel</dd>"))
            #expect(afterCorrection.text.contains("(corrected after validation: to be validated again)"))
            #expect(try await Self.state(app, output).status == "registered")

            let withdrawn = try await university.post(
                "/console/outputs/\(output)/withdrawal", form: [("csrf", token), ("reason", "Merged into the journal version."), ("withdrawnOn", "2020-02-07")])
            #expect(withdrawn.status == .seeOther, "\(withdrawn.text)")
            let afterWithdrawal = try await university.get(try #require(withdrawn.headers[.location]))
            #expect(Self.shownStatus(afterWithdrawal) == "withdrawn")
            #expect(afterWithdrawal.text.contains("<dt>Withdrawn</dt><dd>2020-02-07: Merged into the journal version.</dd>"))
            #expect(afterWithdrawal.text.contains("A withdrawn output takes no more steps."))
            #expect(!afterWithdrawal.text.contains("<form method=\"post\" action=\"/console/outputs/\(output)/"))
            #expect(try await Self.state(app, output).status == "withdrawn")
        }
    }

    @Test func aBadFieldIsShownBesideItsControlWithWhatWasPostedAndChangesNothing() async throws {
        try await APITestApp.run("console_steps_bad") { app in
            let demo = try await ConsoleDemo.load(app)
            let output = "mi-lab-dialogue-bad-2020"
            try await Self.validatedOutput(app, demo, output)
            let before = try await Self.state(app, output)
            let university = ConsoleBrowser(app)
            try await university.signIn(try demo.key("university", "cuhk-shenzhen"))
            let page = try await university.get("/console/outputs/\(output)")
            let token = try #require(ConsoleBrowser.csrf(in: page))

            let badDate = try await university.post(
                "/console/outputs/\(output)/publication", form: [("csrf", token), ("publishedOn", "2020-13-45"), ("venue", "ACL 2020")])
            #expect(badDate.status == .badRequest)
            #expect(badDate.text.contains(
                "id=\"publication-publishedOn\" name=\"publishedOn\" type=\"date\" value=\"2020-13-45\" aria-invalid=\"true\" aria-describedby=\"publication-publishedOn-error\""),
                "\(badDate.text)")
            #expect(badDate.text.contains("<span id=\"publication-publishedOn-error\" class=\"field-error\">"))
            #expect(badDate.text.contains("value=\"ACL 2020\""), "what was posted is kept")
            #expect(!badDate.text.contains("publication-venue-error"))
            // Only the posted form shows problems: a control that the correction and the
            // withdrawal forms both have is marked in the posted one alone.
            let longReason = try await university.post(
                "/console/outputs/\(output)/withdrawal",
                form: [("csrf", token), ("reason", String(repeating: "r", count: 4_001)), ("withdrawnOn", "2020-02-07")])
            #expect(longReason.status == .badRequest, "\(longReason.text)")
            #expect(longReason.text.contains("aria-describedby=\"withdrawal-reason-error\""), "\(longReason.text)")
            #expect(!longReason.text.contains("correction-reason-error"))
            #expect(longReason.text.components(separatedBy: "role=\"alert\"").count == 2)

            let badDOI = try await university.post(
                "/console/outputs/\(output)/correction",
                form: [("csrf", token), ("reason", "New DOI."), ("correctedOn", "2020-02-06"), ("doi", "not a doi")])
            #expect(badDOI.status == .badRequest)
            #expect(badDOI.text.contains("<span id=\"correction-doi-error\" class=\"field-error\">"), "\(badDOI.text)")
            #expect(badDOI.text.contains("value=\"not a doi\""))

            // A domain rule the step breaks is shown above its form, on the same page.
            let early = try await university.post(
                "/console/outputs/\(output)/withdrawal", form: [("csrf", token), ("reason", "Too early."), ("withdrawnOn", "2019-01-01")])
            #expect(early.status == .unprocessableContent, "\(early.text)")
            // No control is marked, so the summary sends no one looking for one; the rule's
            // own message follows it.
            #expect(early.text.contains("<div class=\"error\" role=\"alert\"><p>The output was not withdrawn.</p>\n<p>"), "\(early.text)")
            #expect(!early.text.contains("fix the fields marked below"))

            #expect(try await Self.state(app, output) == before)
        }
    }

    /// A form posted from a page the output has since moved past (a second tab, the back
    /// button): its step has no form now, so the API's refusal is shown above the page; and a
    /// withdrawn output offers no clearance, even with a review pending.
    @Test func aStaleFormsRefusalIsShownAboveThePageAndAWithdrawnOutputOffersNoClearance() async throws {
        try await APITestApp.run("console_steps_stale") { app in
            let demo = try await ConsoleDemo.load(app)
            let output = "mi-lab-dialogue-stale-2020"
            try await Self.validatedOutput(app, demo, output)
            let company = ConsoleBrowser(app)
            try await company.signIn(try demo.key("company", "tencent"))
            let page = try await company.get("/console/outputs/\(output)")
            let token = try #require(ConsoleBrowser.csrf(in: page))
            let requested = try await company.post(
                "/console/outputs/\(output)/review-request", form: [("csrf", token), ("requestedOn", "2020-02-06")])
            #expect(requested.status == .seeOther, "\(requested.text)")
            _ = try await company.get(try #require(requested.headers[.location]))
            let version = try await Self.state(app, output)

            let stale = try await company.post(
                "/console/outputs/\(output)/review-request", form: [("csrf", token), ("requestedOn", "2020-02-06")])
            #expect(stale.status == .unprocessableContent, "\(stale.text)")
            #expect(!stale.text.contains("action=\"/console/outputs/\(output)/review-request\""))
            #expect(stale.text.contains("<p>The step was not taken, and the output has changed since its form was shown:</p>"), "\(stale.text)")
            #expect(stale.text.components(separatedBy: "role=\"alert\"").count == 2)
            #expect(try await Self.state(app, output) == version)

            let university = ConsoleBrowser(app)
            try await university.signIn(try demo.key("university", "cuhk-shenzhen"))
            let universityPage = try await university.get("/console/outputs/\(output)")
            let withdrawn = try await university.post(
                "/console/outputs/\(output)/withdrawal",
                form: [("csrf", try #require(ConsoleBrowser.csrf(in: universityPage))), ("reason", "Superseded."), ("withdrawnOn", "2020-02-08")])
            #expect(withdrawn.status == .seeOther, "\(withdrawn.text)")
            let after = try await company.get(try #require(withdrawn.headers[.location]))
            #expect(after.text.contains("Publication review (pending)"), "\(after.text)")
            #expect(!after.text.contains("action=\"/console/outputs/\(output)/review-clearance\""))
            #expect(!after.text.contains("<form method=\"post\" action=\"/console/outputs/\(output)/"))
        }
    }

    @Test func aPostWithoutTheSessionsCSRFTokenIsRefusedAndChangesNothing() async throws {
        try await APITestApp.run("console_steps_csrf") { app in
            let demo = try await ConsoleDemo.load(app)
            let output = "mi-lab-dialogue-csrf-2020"
            try await Self.validatedOutput(app, demo, output)
            let before = try await Self.state(app, output)
            let university = ConsoleBrowser(app)
            try await university.signIn(try demo.key("university", "cuhk-shenzhen"))
            _ = try await university.get("/console/outputs/\(output)")
            for step in ["publication", "correction", "withdrawal", "review-request", "review-clearance"] {
                let without = try await university.post(
                    "/console/outputs/\(output)/\(step)",
                    form: [("publishedOn", "2020-03-01"), ("venue", "ACL 2020"), ("reason", "r"), ("withdrawnOn", "2020-03-01")])
                #expect(without.status == .forbidden, "\(step)")
                #expect(without.text.contains("CSRF token"), "\(step)")
                let forged = try await university.post(
                    "/console/outputs/\(output)/\(step)", form: [("csrf", "forged"), ("publishedOn", "2020-03-01"), ("venue", "ACL 2020")])
                #expect(forged.status == .forbidden, "\(step)")
            }
            #expect(try await Self.state(app, output) == before)
        }
    }

    @Test func aKeyThatMayNotTakeAStepGetsTheAPIsAnswerAsAPage() async throws {
        try await APITestApp.run("console_steps_forbidden") { app in
            let demo = try await ConsoleDemo.load(app)
            let output = "mi-lab-dialogue-roles-2020"
            try await Self.validatedOutput(app, demo, output)
            let before = try await Self.state(app, output)

            // A university key does not request publication reviews: only the agreement's
            // sponsors and industry partners do.
            let university = ConsoleBrowser(app)
            try await university.signIn(try demo.key("university", "cuhk-shenzhen"))
            let page = try await university.get("/console/outputs/\(output)")
            let token = try #require(ConsoleBrowser.csrf(in: page))
            let request = try await university.post("/console/outputs/\(output)/review-request", form: [("csrf", token), ("requestedOn", "2020-02-10")])
            let apiAnswer = try await app.post(
                "/v1/outputs/\(output)/review-requests", key: try demo.key("university", "cuhk-shenzhen"), json: #"{"requestedOn": "2020-02-10"}"#)
            #expect(apiAnswer.status == .forbidden)
            #expect(request.status == .forbidden)
            #expect(request.text.contains("Not allowed"))
            #expect(request.text.contains(try #require(apiAnswer.json["detail"] as? String)), "\(request.text)")

            // A company key does not publish.
            let company = ConsoleBrowser(app)
            try await company.signIn(try demo.key("company", "tencent"))
            let companyPage = try await company.get("/console/outputs/\(output)")
            let companyToken = try #require(ConsoleBrowser.csrf(in: companyPage))
            let publish = try await company.post(
                "/console/outputs/\(output)/publication", form: [("csrf", companyToken), ("publishedOn", "2020-03-01"), ("venue", "ACL 2020")])
            #expect(publish.status == .forbidden)
            #expect(publish.text.contains("Not allowed"))

            // A company with no part in the output gets the API's 404, on the page and on a post.
            let outsider = ConsoleBrowser(app)
            try await outsider.signIn(try demo.key("company", "jd"))
            let hidden = try await outsider.get("/console/outputs/\(output)")
            #expect(hidden.status == .notFound)
            let home = try await outsider.get("/console/home")
            let outsiderToken = try #require(ConsoleBrowser.csrf(in: home))
            let clear = try await outsider.post(
                "/console/outputs/\(output)/review-clearance", form: [("csrf", outsiderToken), ("reviewer", "jd"), ("clearedOn", "2020-02-20")])
            #expect(clear.status == .notFound, "\(clear.text)")

            #expect(try await Self.state(app, output) == before)
        }
    }
}
