import Foundation
import HTTPTypes
import Testing

/// What each key sees of an asset's licences (openapi.yaml, `IPAssetLicence`): keepers,
/// auditors and the current owners see every licence in full; a licensee sees its own in full
/// and of another licensee's only the scope, never its royalty terms, reports or payments.
@Suite struct LicenceVisibilityTests {
    /// The properties a licence shows in its scope view (`inForceUntil` because every licence
    /// here has an end).
    static let scopeKeys: Set<String> = ["licence", "view", "licensee", "exclusivity", "fields", "territories", "term", "inForceUntil"]

    @Test func aLicenseeSeesItsOwnRoyaltiesAndOnlyTheScopeOfAnotherLicenseesLicence() async throws {
        try await APITestApp.run("ip_licence_visibility") { app in
            let story = try await IPAssetStory.begin(app)
            try story.expectOK(try await story.command("licences", IPAssetStory.licence("jd-cv-cn", licensee: "jd", territories: ["CN"])))
            try story.expectOK(try await story.command("licences", IPAssetStory.licence(
                "alibaba-asr", licensee: "alibaba", exclusivity: "non_exclusive", fields: ["speech-recognition"])))
            let jd = try await app.key(.company, party: "jd")
            let alibaba = try await app.key(.company, party: "alibaba")
            let tencent = try await app.key(.company, party: "tencent")
            func report(_ netSales: String, _ due: String) -> String {
                """
                {"period": {"from": "2020-01-01", "to": "2021-01-01"}, "netSales": {"currency": "CNY", "amount": "\(netSales)"},
                 "royaltyDue": {"currency": "CNY", "amount": "\(due)"}, "reportedOn": "2021-01-20"}
                """
            }
            try story.expectOK(try await story.command("licences/jd-cv-cn/royalty-reports", report("12500000.00", "375000.00"), key: jd))
            try story.expectOK(try await story.command("licences/alibaba-asr/royalty-reports", report("10000000.00", "300000.00"), key: alibaba))
            let paid = try await story.command("licences/alibaba-asr/royalty-payments", """
                {"period": {"from": "2020-01-01", "to": "2021-01-01"}, "amount": {"currency": "CNY", "amount": "300000.00"},
                 "paidOn": "2021-02-15", "reference": "TX-ALI-1"}
                """)
            try story.expectOK(paid)
            try await app.waitForReadModels(try #require(paid.position))

            // Each licensee: its own licence in full with its royalties, the other's scope only,
            // and asset totals over its own licence alone — in the asset and in the list.
            for (key, own, other, ownNetSales) in [(jd, "jd-cv-cn", "alibaba-asr", "12500000.00"), (alibaba, "alibaba-asr", "jd-cv-cn", "10000000.00")] {
                let asset = try await app.get(story.assetPath, key: key)
                #expect(asset.status == .ok, "\(asset.text)")
                let listed = try await app.get("/v1/ip-assets", key: key)
                let items = (listed.json["items"] as? [[String: Any]]) ?? []
                #expect(items.count == 1)
                for (answer, shown) in [("asset", asset.json), ("list", items.first ?? [:])] {
                    let licences = Self.licences(shown)
                    let mine = try #require(licences[own], "\(own) in the \(answer) answer")
                    #expect(mine["view"] as? String == "full")
                    #expect(mine["royalty"] != nil && mine["licensors"] != nil && mine["grantedOn"] != nil)
                    #expect(Self.netSales(mine["royalties"]) == [ownNetSales], "\(own)'s royalties in the \(answer) answer")
                    let theirs = try #require(licences[other], "\(other) in the \(answer) answer")
                    #expect(theirs["view"] as? String == "scope")
                    #expect(Set(theirs.keys) == Self.scopeKeys, "\(own)'s key sees of \(other) in the \(answer) answer: \(theirs.keys.sorted())")
                    #expect(Self.netSales(shown["royalties"]) == [ownNetSales], "asset royalties shown to \(own)'s licensee in the \(answer) answer")
                    let text = String(decoding: try JSONSerialization.data(withJSONObject: shown), as: UTF8.self)
                    let hidden = other == "jd-cv-cn" ? ["12500000", "375000"] : ["10000000", "300000", "TX-ALI-1"]
                    for secret in hidden { #expect(!text.contains(secret), "\(own)'s licensee sees \(secret) in the \(answer) answer") }
                }
            }

            // The owners and the keepers and auditors see both licences in full, and the totals of both.
            for key in [tencent, try await app.key(.university, party: "cuhk-shenzhen"), story.admin, try await app.key(.auditor)] {
                let asset = try await app.get(story.assetPath, key: key)
                let licences = Self.licences(asset.json)
                #expect(licences.count == 2)
                for (licence, netSales) in [("jd-cv-cn", "12500000.00"), ("alibaba-asr", "10000000.00")] {
                    #expect(licences[licence]?["view"] as? String == "full", "\(licence): \(asset.text)")
                    #expect(Self.netSales(licences[licence]?["royalties"]) == [netSales])
                }
                #expect(Self.netSales(asset.json["royalties"]) == ["22500000.00"])
            }

            // Availability names the blocking licence and its holder, nothing of its royalty terms.
            let blocked = try await app.get(
                "\(story.assetPath)/availability?field=computer-vision&territory=CN&on=2021-01-01&exclusive=true", key: alibaba)
            let reasons = (blocked.json["reasons"] as? [[String: Any]]) ?? []
            #expect(blocked.json["available"] as? Bool == false)
            #expect(reasons.first?["licence"] as? String == "jd-cv-cn", "\(blocked.text)")
            #expect(!blocked.text.contains("375000") && !blocked.text.contains("200000"), "\(blocked.text)")
        }
    }

    @Test func aPartyToTheAgreementThatOwnsNoShareSeesOnlyTheScopeOfTheLicences() async throws {
        try await APITestApp.run("ip_licence_visibility_sponsor") { app in
            let story = try await IPAssetStory.begin(app, owned: false)
            try story.expectOK(try await story.command("ownership", """
                {"owners": [{"party": "cuhk-shenzhen", "shareBasisPoints": 10000}], "determinedOn": "2019-04-02"}
                """))
            try story.expectOK(try await story.command("licences", IPAssetStory.licence(
                "jd-cv-cn", licensee: "jd", territories: ["CN"], licensors: ["cuhk-shenzhen"])))
            let reported = try await story.command("licences/jd-cv-cn/royalty-reports", """
                {"period": {"from": "2020-01-01", "to": "2021-01-01"}, "netSales": {"currency": "CNY", "amount": "12500000.00"},
                 "royaltyDue": {"currency": "CNY", "amount": "375000.00"}, "reportedOn": "2021-01-20"}
                """, key: try await app.key(.company, party: "jd"))
            try story.expectOK(reported)
            try await app.waitForReadModels(try #require(reported.position))

            let tencent = try await app.get(story.assetPath, key: try await app.key(.company, party: "tencent"))
            #expect(tencent.status == .ok, "\(tencent.text)")
            let licence = try #require(Self.licences(tencent.json)["jd-cv-cn"])
            #expect(Set(licence.keys) == Self.scopeKeys, "\(licence.keys.sorted())")
            #expect(Self.netSales(tencent.json["royalties"]).isEmpty)

            let owner = try await app.get(story.assetPath, key: try await app.key(.university, party: "cuhk-shenzhen"))
            #expect(Self.licences(owner.json)["jd-cv-cn"]?["view"] as? String == "full")
            #expect(Self.netSales(owner.json["royalties"]) == ["12500000.00"])
        }
    }

    static func licences(_ asset: [String: Any]) -> [String: [String: Any]] {
        let items = (asset["licences"] as? [[String: Any]]) ?? []
        return Dictionary(items.compactMap { item in (item["licence"] as? String).map { ($0, item) } }, uniquingKeysWith: { a, _ in a })
    }

    /// The net sales of each royalty total.
    static func netSales(_ totals: Any?) -> [String] {
        ((totals as? [[String: Any]]) ?? []).compactMap { ($0["netSales"] as? [String: Any])?["amount"] as? String }
    }
}
