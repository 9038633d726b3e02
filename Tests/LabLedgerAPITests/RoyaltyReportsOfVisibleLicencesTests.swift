import Foundation
import HTTPTypes
import LabLedgerAPI
import LabLedgerContract
import LabLedgerDomain
import Testing
import TestSupport

/// The console's asset page reads every licence's royalty reports at once
/// (`royaltyReportsOfVisibleLicences`, no API operation). For every kind of key it must answer
/// exactly what `listRoyaltyReports` answers licence by licence: the licences it answers are those
/// whose list is 200 with reports, each page the same, its cursor included.
@Suite struct RoyaltyReportsOfVisibleLicencesTests {
    static let limit = 2

    struct Viewer {
        let who: String
        let key: String
        let principal: Principal
    }

    static func viewer(_ app: APITestApp, _ who: String, _ role: Principal.Role, party: String? = nil) async throws -> Viewer {
        let made = try await app.keys.create(role: role, party: party.map { try PartyID(parsing: $0) }, label: "test")
        return Viewer(who: who, key: made.key.text, principal: made.principal)
    }

    /// Compares the two for `viewer` over `licences`; returns the licences the method answered.
    static func compare(
        _ viewer: Viewer, _ story: IPAssetStory, _ licences: [String], _ api: InProcessAPI
    ) async throws -> Set<String> {
        let pages = try await api.royaltyReportsOfVisibleLicences(
            as: viewer.principal, requestID: "compare", asset: story.asset, limit: Self.limit)
        var listed: Set<String> = []
        for licence in licences {
            let answer = try await story.app.get("\(story.assetPath)/licences/\(licence)/royalty-reports?limit=\(Self.limit)", key: viewer.key)
            // A key that sees the asset is told of every licence: its reports, or that they are not its business.
            #expect(answer.status == .ok || answer.status == .forbidden, "\(viewer.who), \(licence): \(answer.status) \(answer.text)")
            guard answer.status == .ok else {
                #expect(pages[licence] == nil, "\(viewer.who) is refused \(licence)'s reports, which the method answered")
                continue
            }
            let page = try JSONDecoder().decode(Components.Schemas.RoyaltyReportPage.self, from: answer.body)
            if page.items.isEmpty {
                #expect(pages[licence] == nil, "\(viewer.who): \(licence) has no reports, which the method answered")
            } else {
                listed.insert(licence)
                // jd-cv-cn's three periods fill a page and leave one: the cursors are compared too.
                if licence == "jd-cv-cn" { #expect(page.items.count == Self.limit && page.next != nil, "\(viewer.who)") }
                #expect(pages[licence] == page, "\(viewer.who), \(licence): the method's page differs from the list's")
            }
        }
        #expect(Set(pages.keys) == listed, "\(viewer.who): the method answered \(pages.keys.sorted()), the list \(listed.sorted())")
        return Set(pages.keys)
    }

    @Test func everyKindOfKeyGetsFromTheAssetPagesReadWhatTheReportListAnswersLicenceByLicence() async throws {
        try await APITestApp.run("royalty_reports_of_visible") { app in
            // CUHK-Shenzhen owns the asset alone; Tencent is a party to the agreement with no share.
            let story = try await IPAssetStory.begin(app, owned: false)
            try story.expectOK(try await story.command("ownership", """
                {"owners": [{"party": "cuhk-shenzhen", "shareBasisPoints": 10000}], "determinedOn": "2019-04-02"}
                """))
            try story.expectOK(try await story.command("licences", IPAssetStory.licence(
                "jd-cv-cn", licensee: "jd", territories: ["CN"], licensors: ["cuhk-shenzhen"])))
            try story.expectOK(try await story.command("licences", IPAssetStory.licence(
                "alibaba-asr", licensee: "alibaba", exclusivity: "non_exclusive", fields: ["speech-recognition"], licensors: ["cuhk-shenzhen"])))
            // Granted, never reported: 200 with no items, so not among the method's licences.
            try story.expectOK(try await story.command("licences", IPAssetStory.licence(
                "alibaba-mt", licensee: "alibaba", exclusivity: "non_exclusive", fields: ["machine-translation"], licensors: ["cuhk-shenzhen"])))
            let jd = try await Self.viewer(app, "licensee jd", .company, party: "jd")
            let alibaba = try await Self.viewer(app, "licensee alibaba", .company, party: "alibaba")
            // Three periods of jd-cv-cn: a page of two has a next cursor.
            for year in 2020...2022 {
                try story.expectOK(try await story.command(
                    "licences/jd-cv-cn/royalty-reports",
                    RoyaltyReportListTests.report("\(year)-01-01", "\(year + 1)-01-01", "1000000.00", "\(30000 + year).00", on: "\(year + 1)-01-20"),
                    key: jd.key))
            }
            try story.expectOK(try await story.command(
                "licences/alibaba-asr/royalty-reports",
                RoyaltyReportListTests.report("2020-01-01", "2021-01-01", "2000000.00", "60000.00", on: "2021-01-20"), key: alibaba.key))
            let api = InProcessAPI(store: app.store, keys: app.keys, options: APIOptions(), shared: app.shared, logger: TestCluster.logger)
            var licences = ["jd-cv-cn", "alibaba-asr", "alibaba-mt"]

            let cuhk = try await Self.viewer(app, "owner cuhk-shenzhen", .university, party: "cuhk-shenzhen")
            let scopeOnly = try await Self.viewer(app, "scope-only tencent", .company, party: "tencent")
            let auditor = try await Self.viewer(app, "auditor", .auditor)
            let reported = try await story.command("licences/jd-cv-cn/royalty-payments", """
                {"period": {"from": "2020-01-01", "to": "2021-01-01"}, "amount": {"currency": "CNY", "amount": "20000.00"},
                 "paidOn": "2021-02-15", "reference": "TX-JD-1"}
                """)
            try story.expectOK(reported)
            try await app.waitForReadModels(try #require(reported.position))
            let before: [(Viewer, Set<String>)] = [
                (cuhk, ["jd-cv-cn", "alibaba-asr"]), (jd, ["jd-cv-cn"]), (alibaba, ["alibaba-asr"]), (scopeOnly, []),
                (auditor, ["jd-cv-cn", "alibaba-asr"]),
            ]
            for (viewer, expected) in before {
                #expect(try await Self.compare(viewer, story, licences, api) == expected, "\(viewer.who)")
            }

            // CUHK-Shenzhen hands its whole share to Tencent: a licensor that no longer owns the
            // asset. Tencent, now the owner, grants a licence of its own that CUHK-Shenzhen is not on.
            let moved = try await story.command(
                "ownership-transfers", #"{"from": "cuhk-shenzhen", "to": "tencent", "shareBasisPoints": 10000, "transferredOn": "2022-06-01"}"#,
                key: cuhk.key)
            try story.expectOK(moved)
            try story.expectOK(try await story.command("licences", IPAssetStory.licence(
                "jd-robotics", licensee: "jd", exclusivity: "non_exclusive", fields: ["robotics"], licensors: ["tencent"], grantedOn: "2022-07-01")))
            let last = try await story.command(
                "licences/jd-robotics/royalty-reports",
                RoyaltyReportListTests.report("2022-01-01", "2023-01-01", "500000.00", "15000.00", on: "2023-01-20"), key: jd.key)
            try story.expectOK(last)
            try await app.waitForReadModels(try #require(last.position))
            licences.append("jd-robotics")
            let licensorOnly = Viewer(who: "licensor-only cuhk-shenzhen", key: cuhk.key, principal: cuhk.principal)
            let owner = Viewer(who: "owner tencent", key: scopeOnly.key, principal: scopeOnly.principal)
            let after: [(Viewer, Set<String>)] = [
                (licensorOnly, ["jd-cv-cn", "alibaba-asr"]), (owner, ["jd-cv-cn", "alibaba-asr", "jd-robotics"]),
                (jd, ["jd-cv-cn", "jd-robotics"]), (auditor, ["jd-cv-cn", "alibaba-asr", "jd-robotics"]),
            ]
            for (viewer, expected) in after {
                #expect(try await Self.compare(viewer, story, licences, api) == expected, "\(viewer.who)")
            }

            // A party not on the asset: not found, as the list answers it.
            try story.expectOK(try await app.post("/v1/parties", key: story.admin, json: IPAssetStory.party("sensetime", "SenseTime", "company")))
            let stranger = try await Self.viewer(app, "stranger sensetime", .company, party: "sensetime")
            #expect(try await app.get("\(story.assetPath)/licences/jd-cv-cn/royalty-reports", key: stranger.key).status == .notFound)
            do {
                let pages = try await api.royaltyReportsOfVisibleLicences(as: stranger.principal, requestID: "stranger", asset: story.asset, limit: Self.limit)
                Issue.record("a party not on the asset was answered \(pages.keys.sorted())")
            } catch let problem as Problem {
                #expect(problem.status == .notFound, "\(problem)")
            }
        }
    }
}
