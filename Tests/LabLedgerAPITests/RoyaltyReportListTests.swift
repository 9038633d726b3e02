import Foundation
import HTTPTypes
import Testing

/// `GET /v1/ip-assets/{assetId}/licences/{licenceId}/royalty-reports`: a licence's reports by
/// period, for exactly the keys that see the licence in full (`LicenceViewer`, as in
/// LicenceVisibilityTests), paged with the API's cursors.
@Suite struct RoyaltyReportListTests {
    static func report(_ from: String, _ to: String, _ netSales: String, _ due: String, on reportedOn: String) -> String {
        """
        {"period": {"from": "\(from)", "to": "\(to)"}, "netSales": {"currency": "CNY", "amount": "\(netSales)"},
         "royaltyDue": {"currency": "CNY", "amount": "\(due)"}, "reportedOn": "\(reportedOn)"}
        """
    }

    @Test func theLicenceKeysSeeItsReportsByPeriodWithPaymentsAndPageThroughThem() async throws {
        try await APITestApp.run("royalty_report_list") { app in
            let story = try await IPAssetStory.begin(app)
            try story.expectOK(try await story.command("licences", IPAssetStory.licence("jd-cv-cn", licensee: "jd", territories: ["CN"])))
            let jd = try await app.key(.company, party: "jd")
            // Reported out of order: the list is by period all the same.
            try story.expectOK(try await story.command("licences/jd-cv-cn/royalty-reports", Self.report("2021-01-01", "2022-01-01", "14000000.00", "420000.00", on: "2022-01-18"), key: jd))
            try story.expectOK(try await story.command("licences/jd-cv-cn/royalty-reports", Self.report("2020-01-01", "2021-01-01", "12500000.00", "375000.00", on: "2021-01-20"), key: jd))
            let paid = try await story.command("licences/jd-cv-cn/royalty-payments", """
                {"period": {"from": "2020-01-01", "to": "2021-01-01"}, "amount": {"currency": "CNY", "amount": "300000.00"},
                 "paidOn": "2021-02-15", "reference": "TX-JD-1"}
                """)
            try story.expectOK(paid)
            try await app.waitForReadModels(try #require(paid.position))

            let path = "\(story.assetPath)/licences/jd-cv-cn/royalty-reports"
            let keys = [
                ("licensee", jd), ("owner", try await app.key(.company, party: "tencent")),
                ("university owner", try await app.key(.university, party: "cuhk-shenzhen")), ("admin", story.admin),
                ("auditor", try await app.key(.auditor)),
            ]
            for (who, key) in keys {
                let answer = try await app.get(path, key: key)
                #expect(answer.status == .ok, "\(who): \(answer.text)")
                let items = (answer.json["items"] as? [[String: Any]]) ?? []
                #expect(items.map { ($0["period"] as? [String: Any])?["from"] as? String } == ["2020-01-01", "2021-01-01"], "\(who): \(answer.text)")
                #expect(items.map { Self.amount($0["paid"]) } == ["300000.00", "0.00"], "\(who)")
                #expect(items.map { Self.amount($0["outstanding"]) } == ["75000.00", "420000.00"], "\(who)")
                #expect(items.first?["reportedOn"] as? String == "2021-01-20")
                #expect(Self.amount(items.first?["netSales"]) == "12500000.00")
                #expect(answer.json["next"] == nil, "\(who): one page")
            }

            // One report a page: the cursor leads to the second, whose page is the last.
            let first = try await app.get("\(path)?limit=1", key: jd)
            let next = try #require(first.json["next"] as? String, "\(first.text)")
            #expect(((first.json["items"] as? [[String: Any]]) ?? []).count == 1)
            let second = try await app.get("\(path)?limit=1&after=\(next)", key: jd)
            let page = (second.json["items"] as? [[String: Any]]) ?? []
            #expect(page.map { ($0["period"] as? [String: Any])?["to"] as? String } == ["2022-01-01"], "\(second.text)")
            #expect(second.json["next"] == nil)

            let forged = try await app.get("\(path)?after=not-a-cursor", key: jd)
            #expect(forged.status == .badRequest)
            #expect(forged.text.contains("#query/after"), "\(forged.text)")
        }
    }

    @Test func aKeyThatSeesOnlyTheLicencesScopeIsRefusedAndAnUnknownLicenceOrHiddenAssetIsNotFound() async throws {
        try await APITestApp.run("royalty_report_list_refused") { app in
            let story = try await IPAssetStory.begin(app)
            try story.expectOK(try await story.command("licences", IPAssetStory.licence("jd-cv-cn", licensee: "jd", territories: ["CN"])))
            try story.expectOK(try await story.command("licences", IPAssetStory.licence(
                "alibaba-asr", licensee: "alibaba", exclusivity: "non_exclusive", fields: ["speech-recognition"])))
            let jd = try await app.key(.company, party: "jd")
            let reported = try await story.command(
                "licences/jd-cv-cn/royalty-reports", Self.report("2020-01-01", "2021-01-01", "12500000.00", "375000.00", on: "2021-01-20"), key: jd)
            try story.expectOK(reported)
            try await app.waitForReadModels(try #require(reported.position))
            let alibaba = try await app.key(.company, party: "alibaba")
            try story.expectOK(try await app.post("/v1/parties", key: story.admin, json: IPAssetStory.party("sensetime", "SenseTime", "company")))

            // Alibaba sees the asset and jd-cv-cn's scope, not its royalties.
            let scopeOnly = try await app.get("\(story.assetPath)/licences/jd-cv-cn/royalty-reports", key: alibaba)
            #expect(scopeOnly.status == .forbidden, "\(scopeOnly.text)")
            #expect(!scopeOnly.text.contains("12500000") && !scopeOnly.text.contains("375000"))
            let own = try await app.get("\(story.assetPath)/licences/alibaba-asr/royalty-reports", key: alibaba)
            #expect(own.status == .ok, "\(own.text)")
            #expect(((own.json["items"] as? [[String: Any]]) ?? []).isEmpty)

            let unknown = try await app.get("\(story.assetPath)/licences/no-such-licence/royalty-reports", key: story.admin)
            #expect(unknown.status == .notFound, "\(unknown.text)")
            let sensetime = try await app.key(.company, party: "sensetime")
            let stranger = try await app.get("\(story.assetPath)/licences/jd-cv-cn/royalty-reports", key: sensetime)
            #expect(stranger.status == .notFound, "\(stranger.text)")
            // A hidden asset answers as one that does not exist: the same problem but for the id asked for.
            let nowhere = try await app.get("/v1/ip-assets/no-such-asset/licences/jd-cv-cn/royalty-reports", key: sensetime)
            #expect(nowhere.status == .notFound, "\(nowhere.text)")
            #expect(Self.problem(stranger, asset: story.asset) == Self.problem(nowhere, asset: "no-such-asset"))
            #expect(Self.problem(stranger, asset: story.asset)["detail"]?.contains("<asset>") == true)
            let noKey = try await app.get("\(story.assetPath)/licences/jd-cv-cn/royalty-reports", key: nil)
            #expect(noKey.status == .unauthorized)
        }
    }

    @Test func aLimitThatIsNoPageSizeIsA400NamingTheLimit() async throws {
        try await APITestApp.run("royalty_report_list_limit") { app in
            let story = try await IPAssetStory.begin(app)
            try story.expectOK(try await story.command("licences", IPAssetStory.licence("jd-cv-cn", licensee: "jd", territories: ["CN"])))
            let path = "\(story.assetPath)/licences/jd-cv-cn/royalty-reports"
            for limit in ["0", "1001", "abc", "1.5"] {
                let answer = try await app.get("\(path)?limit=\(limit)", key: story.admin)
                #expect(answer.status == .badRequest, "limit=\(limit): \(answer.text)")
                #expect(answer.pointers == ["#query/limit"], "limit=\(limit): \(answer.text)")
            }
        }
    }

    /// A problem's fields that do not vary per request, with the asset's id written `<asset>`.
    static func problem(_ answer: APIResponse, asset: String) -> [String: String] {
        var fields: [String: String] = [:]
        for (name, value) in answer.json where name != "requestId" {
            fields[name] = "\(value)".replacingOccurrences(of: asset, with: "<asset>")
        }
        return fields
    }

    static func amount(_ money: Any?) -> String? { (money as? [String: Any])?["amount"] as? String }
}
