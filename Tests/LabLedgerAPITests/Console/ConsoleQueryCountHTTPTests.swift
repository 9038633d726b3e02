import Foundation
import HTTPTypes
import LabLedgerAPI
import Testing
import TestSupport

/// "No page makes more than a few queries": each console page says in `LabLedger-Queries` how
/// many read statements it sent (`QueryCount`: every read-model query of the API's handlers,
/// the session check and the freshness line). A page with many items must send exactly as many
/// as the same page with one or two, and only a few.
@Suite struct ConsoleQueryCountHTTPTests {
    static let queries = HTTPField.Name("LabLedger-Queries")!

    static func count(_ page: APIResponse) throws -> Int {
        let text = try #require(page.headers[queries], "the page did not say how many queries it sent")
        return try #require(Int(text), "not a count: \(text)")
    }

    static func agreement(_ id: String, drafted: String) -> String {
        """
        {"agreement": "\(id)", "title": "Agreement \(id)", "kind": "sponsored_research",
         "parties": [{"party": "tencent", "role": "sponsor"}, {"party": "cuhk-shenzhen", "role": "university"}],
         "costShares": [{"party": "tencent", "basisPoints": 10000}, {"party": "cuhk-shenzhen", "basisPoints": 0}],
         "ipTerms": {"ownership": "joint", "sponsorOptionDays": 90, "publicationReviewDays": 30},
         "term": {"from": "\(drafted)", "to": "2030-01-01"}, "draftedOn": "\(drafted)"}
        """
    }


    @Test func aLabPageWithThirtyAgreementsSendsAsManyQueriesAsOneWithOne() async throws {
        try await APITestApp.run("console_queries_lab") { app in
            let story = try await IPAssetStory.begin(app, disclosed: false)
            try await app.waitForEveryEventWritten()
            let browser = ConsoleBrowser(app)
            try await browser.signIn(try await app.key(.operator))
            let path = "/console/labs/\(story.lab)"
            let one = try await browser.get(path)
            #expect(one.status == .ok, "\(one.text.prefix(400))")
            #expect(one.text.contains(story.agreement))

            var position = ""
            for index in 1...29 {
                let id = "sra-\(index)"
                let drafted = try await app.post(
                    "/v1/labs/\(story.lab)/agreements", key: story.admin,
                    json: Self.agreement(id, drafted: String(format: "2019-01-%02d", index)))
                try story.expectOK(drafted)
                // Signatures, as the story's agreement has: the page shows each party's.
                let signed = try await app.post("/v1/agreements/\(id)/signatures", key: story.admin, json: """
                    {"party": "tencent", "signatory": "tencent-signatory-\(index)", "signatoryTitle": "Director", "signedOn": "2019-02-01",
                     "person": {"name": "Example Signatory"}}
                    """)
                try story.expectOK(signed)
                position = signed.position ?? position
            }
            try await app.waitForReadModels(position)
            let thirty = try await browser.get(path)
            #expect(thirty.status == .ok)
            for index in 1...29 { #expect(thirty.text.contains("sra-\(index)"), "sra-\(index) is not on the page") }

            let (few, many) = (try Self.count(one), try Self.count(thirty))
            #expect(many == few, "1 agreement: \(few) queries; 30 agreements: \(many)")
            // The session, the lab with its members, its agreements, rounds and funding, the freshness.
            #expect(few >= 3 && few <= 10, "\(few) queries")
        }
    }

    @Test func anAssetPageWithSixReportedLicencesSendsAsManyQueriesAsOneWithOne() async throws {
        try await APITestApp.run("console_queries_asset") { app in
            let story = try await IPAssetStory.begin(app)
            let fields = ["computer-vision", "speech-recognition", "machine-translation", "robotics", "medical-imaging", "recommendation"]
            let licensees = ["jd", "alibaba", "sensetime", "huawei", "baidu", "xiaomi"]
            for party in licensees.dropFirst(2) {
                try story.expectOK(try await app.post("/v1/parties", key: story.admin, json: IPAssetStory.party(party, party, "company")))
            }
            let browser = ConsoleBrowser(app)
            try await browser.signIn(try await app.key(.company, party: "tencent"))
            let path = "/console/ip-assets/\(story.asset)"

            var pages: [APIResponse] = []
            for (index, (licensee, field)) in zip(licensees, fields).enumerated() {
                let licence = "\(licensee)-licence"
                try story.expectOK(try await story.command("licences", IPAssetStory.licence(
                    licence, licensee: licensee, exclusivity: "non_exclusive", fields: [field])))
                let reported = try await story.command(
                    "licences/\(licence)/royalty-reports",
                    RoyaltyReportListTests.report("2020-01-01", "2021-01-01", "1000000.00", "\(30000 + index).00", on: "2021-01-20"),
                    key: try await app.key(.company, party: licensee))
                try story.expectOK(reported)
                try await app.waitForReadModels(try #require(reported.position))
                if index == 0 || index == licensees.count - 1 { pages.append(try await browser.get(path)) }
            }
            let (one, six) = (pages[0], pages[1])
            #expect(one.status == .ok && six.status == .ok, "\(six.text.prefix(400))")
            // Each licence's report is drawn: the reports were read, not left out.
            #expect(one.text.contains("<title>jd-licence, 2020-01-01 to 2021-01-01: 30,000</title>"), "\(one.text)")
            for (index, licensee) in licensees.enumerated() {
                #expect(six.text.contains("<title>\(licensee)-licence, 2020-01-01 to 2021-01-01: 30,00\(index)</title>"), "\(licensee)")
            }
            let (few, many) = (try Self.count(one), try Self.count(six))
            #expect(many == few, "1 licence with reports: \(few) queries; 6: \(many)")
            // The session, the asset, the asset again with every visible licence's reports, the freshness.
            #expect(few >= 3 && few <= 6, "\(few) queries")
        }
    }

    @Test func everyRolesPagesOnTheDemoSendOnlyAFewQueries() async throws {
        try await APITestApp.run("console_queries_demo") { app in
            let demo = try await ConsoleDemo.load(app)
            let pages: [(key: String, paths: [String])] = [
                (try demo.key("company", "tencent"), [
                    "/console/home", "/console/ip-assets", "/console/ip-assets/tencent-cuhksz-nlp-2019",
                    "/console/rights-map?asset=tencent-cuhksz-nlp-2019&on=2026-01-01",
                    "/console/availability?asset=tencent-cuhksz-nlp-2019&licensee=huawei&field=computer_vision&territory=CN&on=2026-01-01&exclusive=true",
                    "/console/deadlines",
                ]),
                (try demo.key("university", "cuhk-shenzhen"), [
                    "/console/outputs?lab=tencent-cuhksz-mi-lab", "/console/outputs/mi-lab-acl-2019-grounded-dialogue", "/console/deadlines",
                ]),
                (try demo.key("operator"), ["/console/labs", "/console/labs/tencent-cuhksz-mi-lab"]),
                (try demo.key("auditor"), ["/console/history?types=LicenceGranted", "/console/streams/ipasset-tencent-cuhksz-nlp-2019"]),
            ]
            let browser = ConsoleBrowser(app)
            for (key, paths) in pages {
                try await browser.signIn(key)
                for path in paths {
                    let page = try await browser.get(path)
                    #expect(page.status == .ok, "\(path): \(page.status)")
                    let queries = try Self.count(page)
                    // At least the session check; at most a few whatever the demo holds.
                    #expect(queries >= 1 && queries <= 10, "\(path): \(queries) queries")
                }
            }
        }
    }
}
