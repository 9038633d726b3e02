import Foundation
import HTTPTypes
import LabLedgerAPI
import Testing

/// Each role's pages on the demo story, through the application's router: what they show is
/// what the API's handlers answer for the signed-in key.
@Suite struct ConsolePagesHTTPTests {
    @Test func aCompanySeesItsAssetsTheExclusiveLicenceOnTheRightsMapAndTheBlockingLicence() async throws {
        try await APITestApp.run("console_company") { app in
            let demo = try await ConsoleDemo.load(app)
            let browser = ConsoleBrowser(app)
            try await browser.signIn(try demo.key("company", "tencent"))

            let assets = try await browser.get("/console/ip-assets")
            #expect(assets.status == .ok)
            #expect(assets.text.contains("tencent-cuhksz-nlp-2019"))
            #expect(assets.text.contains("<td>tencent</td><td class=\"num\">50.00%</td>"))
            #expect(assets.text.contains("Read models at checkpoint"))

            let map = try await browser.get("/console/rights-map?asset=tencent-cuhksz-nlp-2019&on=2026-01-01")
            #expect(map.status == .ok)
            #expect(map.text.contains("<span class=\"tag exclusive\">tencent — exclusive licence tencent-cv-cn until 2030-"))
            #expect(!map.text.contains("aria-invalid"))
            // Huawei's worldwide NLP licence ran 2020-07-01 to 2025-07-01: in the map of 2024, not of 2026.
            #expect(!map.text.contains("huawei-nlp-world"))
            let earlier = try await browser.get("/console/rights-map?asset=tencent-cuhksz-nlp-2019&on=2024-01-01")
            #expect(earlier.text.contains("<span class=\"tag non-exclusive\">huawei — non-exclusive licence huawei-nlp-world until 2025-07-01</span>"))

            let blocked = try await browser.get(
                "/console/availability?asset=tencent-cuhksz-nlp-2019&licensee=huawei&field=computer_vision&territory=CN&on=2026-01-01&exclusive=true")
            #expect(blocked.status == .ok)
            #expect(blocked.text.contains("Not available."))
            #expect(blocked.text.contains("<strong>licence tencent-cv-cn</strong>"))
            #expect(blocked.text.contains("ipasset.exclusive-slices-overlap"))

            let invalid = try await browser.get("/console/availability?asset=tencent-cuhksz-nlp-2019&field=computer_vision&territory=XX&on=2026-01-01")
            #expect(invalid.text.contains("id=\"territory-error\""))
        }
    }

    @Test func aCompanyWithNoPartInAnAssetFindsItOnOfferAndSeesWhatKindOfRightBlocksItNotWhose() async throws {
        try await APITestApp.run("console_offer") { app in
            let demo = try await ConsoleDemo.load(app)
            let offered = try await app.post("/v1/ip-assets/tencent-cuhksz-nlp-2019/licensing-offer", key: try demo.key("university", "cuhk-shenzhen"), json: """
                {"offeredBy": "cuhk-shenzhen", "fields": ["computer_vision", "natural_language_processing"], "territories": ["WORLD"],
                 "exclusivityOffered": true, "offeredOn": "2025-09-01"}
                """)
            #expect(offered.status == .ok, "\(offered.text)")
            try await app.waitForReadModels(try #require(offered.position))
            let browser = ConsoleBrowser(app)
            try await browser.signIn(try demo.key("company", "jd"))

            let page = try await browser.get("/console/availability")
            #expect(page.status == .ok)
            #expect(page.text.contains("<option value=\"tencent-cuhksz-nlp-2019\">tencent-cuhksz-nlp-2019 (on offer)</option>"), "\(page.text)")
            // Fields of use are shown as the ledger normalises them.
            #expect(page.text.contains("<td>computer-vision, natural-language-processing</td><td>WORLD</td><td>exclusive or non-exclusive</td><td>2025-09-01</td><td>cuhk-shenzhen</td><td>granted (CN)</td>"))

            let blocked = try await browser.get("/console/availability?asset=tencent-cuhksz-nlp-2019&field=computer_vision&territory=CN&on=2026-01-01")
            #expect(blocked.status == .ok)
            #expect(blocked.text.contains("Not available."))
            #expect(blocked.text.contains("<strong>a licence until 2030-01-01</strong>"), "\(blocked.text)")
            #expect(!blocked.text.contains("tencent-cv-cn"))
            let free = try await browser.get("/console/availability?asset=tencent-cuhksz-nlp-2019&field=natural_language_processing&territory=CN&on=2026-01-01")
            #expect(free.text.contains("Available: nothing blocks this grant."), "\(free.text)")
            // Asking for another party is the API's 403, shown beside the licensee field.
            let forAnother = try await browser.get(
                "/console/availability?asset=tencent-cuhksz-nlp-2019&field=computer_vision&territory=CN&on=2026-01-01&licensee=tencent")
            #expect(forAnother.status == .ok, "\(forAnother.text)")
            #expect(forAnother.text.contains("id=\"licensee-error\""), "\(forAnother.text)")
            #expect(!forAnother.text.contains("Not available.") && !forAnother.text.contains("Available: nothing"))
        }
    }

    @Test func aCompanyKeyCannotOpenAnotherPartysAsset() async throws {
        try await APITestApp.run("console_leak") { app in
            let demo = try await ConsoleDemo.load(app)
            let browser = ConsoleBrowser(app)
            try await browser.signIn(try demo.key("company", "jd"))
            let page = try await browser.get("/console/ip-assets/tencent-cuhksz-nlp-2019")
            #expect(page.status == .notFound)
            #expect(page.text.contains("does not exist or is not visible to this key"))
            // The same answer as for an asset that does not exist at all.
            let missing = try await browser.get("/console/ip-assets/no-such-asset")
            #expect(missing.status == .notFound)
            // Byte for byte the same page but for the id asked for: nothing tells a hidden asset from a missing one.
            #expect(page.text.replacingOccurrences(of: "tencent-cuhksz-nlp-2019", with: "no-such-asset") == missing.text)
        }
    }

    @Test func aUniversityRegistersAnOutputAfterSeeingTheAPIsFieldErrors() async throws {
        try await APITestApp.run("console_register") { app in
            let demo = try await ConsoleDemo.load(app)
            let browser = ConsoleBrowser(app)
            try await browser.signIn(try demo.key("university", "cuhk-shenzhen"))
            let outputs = try await browser.get("/console/outputs?lab=tencent-cuhksz-mi-lab")
            #expect(outputs.status == .ok)
            #expect(outputs.text.contains("mi-lab-acl-2019-grounded-dialogue"))

            let form = try await browser.get("/console/outputs/new?lab=tencent-cuhksz-mi-lab")
            let csrf = try #require(ConsoleBrowser.csrf(in: form))
            var fields = [
                ("csrf", csrf), ("lab", "tencent-cuhksz-mi-lab"), ("output", "Not A Slug"), ("kind", "dataset"),
                ("title", "Dialogue corpus"), ("date", "2020-03-01"), ("affiliations", "cuhk-shenzhen"),
                ("contributors", "0000-0002-1825-0097 data-curation"),
            ]
            let refused = try await browser.post("/console/outputs/new", form: fields)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("id=\"output-error\""))
            #expect(refused.text.contains("value=\"Dialogue corpus\""))

            fields[2] = ("output", "mi-lab-dialogue-corpus-2020")
            let created = try await browser.post("/console/outputs/new", form: fields)
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            #expect(location.hasPrefix("/console/outputs?lab=tencent-cuhksz-mi-lab&created=mi-lab-dialogue-corpus-2020&position="))
            let listed = try await browser.get(location)
            #expect(listed.text.contains("Output <code>mi-lab-dialogue-corpus-2020</code> was registered."))
            #expect(listed.text.contains("<td><code>mi-lab-dialogue-corpus-2020</code></td>"))
            #expect(listed.text.contains("<a href=\"/console/ip-assets/tencent-cuhksz-nlp-2019\"><code>tencent-cuhksz-nlp-2019</code></a>"))

            // Through the validation queue: submitted, then validated by the university itself.
            let token = try #require(ConsoleBrowser.csrf(in: listed))
            let submitted = try await browser.post(
                "/console/outputs/mi-lab-dialogue-corpus-2020/submission",
                form: [("csrf", token), ("lab", "tencent-cuhksz-mi-lab"), ("submittedOn", "2020-03-02")])
            #expect(submitted.status == .seeOther)
            let queue = try await browser.get(try #require(submitted.headers[.location]))
            #expect(queue.text.contains("<caption>Validation queue (submitted) — 1</caption>"))
            #expect(queue.text.contains("action=\"/console/outputs/mi-lab-dialogue-corpus-2020/validation\""))
            let validated = try await browser.post(
                "/console/outputs/mi-lab-dialogue-corpus-2020/validation",
                form: [("csrf", token), ("lab", "tencent-cuhksz-mi-lab"), ("validatedBy", "cuhk-shenzhen"), ("validatedOn", "2020-03-05")])
            #expect(validated.status == .seeOther)
            let after = try await browser.get(try #require(validated.headers[.location]))
            #expect(!after.text.contains("Validation queue (submitted)"))
            // The domain refuses a second validation: the API's 422 comes back as a page.
            let again = try await browser.post(
                "/console/outputs/mi-lab-dialogue-corpus-2020/validation",
                form: [("csrf", token), ("lab", "tencent-cuhksz-mi-lab"), ("validatedBy", "cuhk-shenzhen"), ("validatedOn", "2020-03-06")])
            #expect(again.status == .unprocessableContent)

            let deadlines = try await browser.get("/console/deadlines")
            #expect(deadlines.status == .ok)
            #expect(deadlines.text.contains("Read models at checkpoint"))
            // Each month with deadlines has its grid, whose days link to the list rows below it.
            #expect(deadlines.text.contains(#"<table class="month-grid">"#))
            let links = deadlines.text.components(separatedBy: ##"href="#due-"##).dropFirst().map { String($0.prefix(10)) }
            #expect(!links.isEmpty)
            for date in links { #expect(deadlines.text.contains(##"id="due-\##(date)""##), "no row for \(date)") }
        }
    }

    @Test func anOperatorSeesLabsMembersAgreementsRoundsAndAFundingChart() async throws {
        try await APITestApp.run("console_operator") { app in
            let demo = try await ConsoleDemo.load(app)
            let browser = ConsoleBrowser(app)
            try await browser.signIn(try demo.key("operator"))
            let labs = try await browser.get("/console/labs")
            #expect(labs.status == .ok)
            #expect(labs.text.contains("/console/labs/hkai-lab"))
            #expect(labs.text.contains("/console/labs/jd-cuhksz-ai-lab"))
            let lab = try await browser.get("/console/labs/tencent-cuhksz-mi-lab")
            #expect(lab.status == .ok)
            #expect(lab.text.contains("<svg role=\"img\""))
            #expect(lab.text.contains("tencent · CNY"))
            #expect(lab.text.contains("3,600,000"))
            #expect(lab.text.contains("tencent-cuhksz-2018"))
            let hkai = try await browser.get("/console/labs/hkai-lab")
            #expect(hkai.text.contains("hkai-2018-r1"))
        }
    }

    /// The labs list and a lab's agreements come from the read model with the API's visibility
    /// rules (not from paging the history, which a party key may not read): a university key
    /// sees the labs it is a member of, and a lab's page lists that lab's agreements only.
    @Test func aPartyKeySeesItsOwnLabsAndALabPageListsOnlyThatLabsAgreements() async throws {
        try await APITestApp.run("console_party_labs") { app in
            let demo = try await ConsoleDemo.load(app)
            let browser = ConsoleBrowser(app)
            try await browser.signIn(try demo.key("university", "cuhk-shenzhen"))
            let labs = try await browser.get("/console/labs")
            #expect(labs.status == .ok)
            #expect(labs.text.contains("/console/labs/tencent-cuhksz-mi-lab"))
            #expect(!labs.text.contains("/console/labs/hkai-lab"))
            let lab = try await browser.get("/console/labs/tencent-cuhksz-mi-lab")
            #expect(lab.status == .ok)
            #expect(lab.text.contains("tencent-cuhksz-2018"))
            #expect(!lab.text.contains("hkai-charter-2018"))
        }
    }

    @Test func anAuditorFiltersTheHistoryReadsAStreamAndVerifiesTheLog() async throws {
        try await APITestApp.run("console_auditor", log: true) { app in
            let demo = try await ConsoleDemo.load(app)
            let browser = ConsoleBrowser(app)
            try await browser.signIn(try demo.key("auditor"))
            let history = try await browser.get("/console/history?types=LicenceGranted")
            #expect(history.status == .ok)
            #expect(history.text.components(separatedBy: "<strong>LicenceGranted</strong>").count - 1 == 2)
            let invalid = try await browser.get("/console/history?occurredFrom=yesterday")
            #expect(invalid.status == .badRequest)
            #expect(invalid.text.contains("id=\"occurredFrom-error\""))
            let stream = try await browser.get("/console/streams/ipasset-tencent-cuhksz-nlp-2019?at=2021-01-01T00:00:00Z&axis=occurred")
            #expect(stream.status == .ok)
            #expect(stream.text.contains("InventionDisclosed"))
            #expect(stream.text.contains("occurred axis"))
            // The sequencer signs a checkpoint within 50 ms; wait for one to cover the story.
            var audit = try await browser.get("/console/audit")
            for _ in 0..<100 where !audit.text.contains("Verified: every check passed.") {
                try await Task.sleep(for: .milliseconds(100))
                audit = try await browser.get("/console/audit")
            }
            #expect(audit.text.contains("Verified: every check passed."))
            let bundle = try await browser.get("/console/audit/bundle?from=2018-01-01&to=2030-01-01")
            #expect(bundle.status == .ok)
            #expect(bundle.headers[try #require(HTTPField.Name("Content-Disposition"))]?.hasPrefix("attachment;") == true)
            #expect(bundle.text.hasPrefix("{\"axis\":\"occurred\""))
        }
    }

    @Test func aPartyKeyIsRefusedTheHistoryByTheAPIsOwnRule() async throws {
        try await APITestApp.run("console_refused", workers: false) { app in
            let browser = ConsoleBrowser(app)
            try await browser.signIn(try await app.key(.company, party: "tencent"))
            let page = try await browser.get("/console/history")
            #expect(page.status == .forbidden)
        }
    }
}
