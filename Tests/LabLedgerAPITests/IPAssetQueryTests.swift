import Foundation
import HTTPTypes
import Testing

/// Where shared IP stands: the asset, the per-party list and licence availability, read from
/// the `ip_assets` read model.
@Suite struct IPAssetQueryTests {
    /// The story with an exclusive computer-vision licence to Tencent, worldwide 2019–2029, and
    /// an open option of Tencent's on speech recognition; read models caught up.
    static func licensed(_ app: APITestApp) async throws -> IPAssetStory {
        let story = try await IPAssetStory.begin(app)
        try story.expectOK(try await story.command("licences", IPAssetStory.licence("tencent-cv-world", licensee: "tencent")))
        let option = try await story.command("options", """
            {"sponsor": "tencent", "fields": ["speech-recognition"], "grantedOn": "2019-04-10", "expiresOn": "2019-09-30"}
            """)
        try story.expectOK(option)
        try await app.waitForReadModels(try #require(option.position))
        return story
    }

    @Test func oneAssetInFullWithItsVersionAsETag() async throws {
        try await APITestApp.run("ip_get") { app in
            let story = try await Self.licensed(app)
            let tencent = try await app.key(.company, party: "tencent")
            let response = try await app.get(story.assetPath, key: tencent)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.etag == "\"4\"")
            #expect(response.json["version"] as? Int == 4)
            #expect(response.json["patentStatus"] as? String == "none")
            let owners = try #require(response.json["owners"] as? [[String: Any]])
            #expect(owners.map { $0["party"] as? String } == ["cuhk-shenzhen", "tencent"])
            #expect(owners.map { $0["shareBasisPoints"] as? Int } == [5000, 5000])
            #expect((response.json["inventors"] as? [Any])?.count == 2)
            let licence = try #require((response.json["licences"] as? [[String: Any]])?.first)
            #expect(licence["exclusivity"] as? String == "exclusive")
            #expect(licence["territories"] as? [String] == ["WORLD"])
            #expect((licence["term"] as? [String: Any])?["to"] as? String == "2029-07-01")
            let option = try #require((response.json["options"] as? [[String: Any]])?.first)
            #expect(option["status"] as? String == "open")
            #expect(option["expiresOn"] as? String == "2019-09-30")

            #expect(try await app.get(story.assetPath, key: try await app.key(.company, party: "alibaba")).status == .notFound)
            #expect(try await app.get(story.assetPath, key: try await app.key(.auditor)).status == .ok)
            #expect(try await app.get("/v1/ip-assets/no-such-asset", key: story.admin).status == .notFound)
        }
    }

    @Test func aPartyListsTheAssetsItIsAPartyToAndNoOneElses() async throws {
        try await APITestApp.run("ip_list") { app in
            let story = try await Self.licensed(app)
            let second = try await story.disclose(asset: "mi-lab-2019-002")
            try story.expectOK(second)
            try await app.waitForReadModels(try #require(second.position))
            let tencent = try await app.key(.company, party: "tencent")

            let own = try await app.get("/v1/ip-assets?party=tencent", key: tencent)
            #expect(own.status == .ok, "\(own.text)")
            let items = try #require(own.json["items"] as? [[String: Any]])
            #expect(items.map { $0["asset"] as? String } == ["mi-lab-2019-001", "mi-lab-2019-002"])
            #expect(items.first?["partyRoles"] as? [String] == ["owner", "licensor", "licensee", "option_sponsor"])
            #expect(items.first?["inventors"] == nil)
            #expect(try await app.get("/v1/ip-assets", key: tencent).json["items"] as? [Any] != nil)
            #expect(try await app.get("/v1/ip-assets?party=cuhk-shenzhen", key: tencent).status == .notFound)

            let alibaba = try await app.key(.company, party: "alibaba")
            #expect((try await app.get("/v1/ip-assets", key: alibaba).json["items"] as? [Any])?.isEmpty == true)
            let jdByAuditor = try await app.get("/v1/ip-assets?party=jd", key: try await app.key(.auditor))
            #expect((jdByAuditor.json["items"] as? [Any])?.isEmpty == true)
            #expect(try await app.get("/v1/ip-assets?party=Not%20A%20Party", key: story.admin).pointers == ["#query/party"])

            let first = try await app.get("/v1/ip-assets?limit=1", key: story.admin)
            #expect((first.json["items"] as? [[String: Any]])?.map { $0["asset"] as? String } == ["mi-lab-2019-001"])
            let next = try #require(first.json["next"] as? String)
            let last = try await app.get("/v1/ip-assets?limit=1&after=\(next)", key: story.admin)
            #expect((last.json["items"] as? [[String: Any]])?.map { $0["asset"] as? String } == ["mi-lab-2019-002"])
            #expect(last.json["next"] == nil || last.json["next"] is NSNull)
            #expect(try await app.get("/v1/ip-assets?after=garbage", key: story.admin).pointers == ["#query/after"])
        }
    }

    @Test func availabilityIsFalseInsideAnExclusiveSliceAndTrueOutsideIt() async throws {
        try await APITestApp.run("ip_availability") { app in
            let story = try await Self.licensed(app)
            let jd = try await app.key(.company, party: "jd")
            let tencent = try await app.key(.company, party: "tencent")
            func ask(_ query: String, key: String? = nil) async throws -> APIResponse {
                try await app.get("\(story.assetPath)/availability?\(query)", key: key ?? tencent)
            }

            let inside = try await ask("field=computer-vision&territory=CN&on=2020-01-01&licensee=jd")
            #expect(inside.status == .ok, "\(inside.text)")
            #expect(inside.json["available"] as? Bool == false)
            let reason = try #require((inside.json["reasons"] as? [[String: Any]])?.first)
            #expect(reason["code"] as? String == "ipasset.inside-exclusive-slice")
            #expect(reason["licence"] as? String == "tencent-cv-world")
            let exclusively = try await ask("field=computer-vision&territory=HK&on=2020-01-01&exclusive=true")
            #expect((exclusively.json["reasons"] as? [[String: Any]])?.first?["code"] as? String == "ipasset.exclusive-slices-overlap")

            #expect(try await ask("field=computer-vision&territory=CN&on=2029-07-01&exclusive=true").json["available"] as? Bool == true)
            #expect(try await ask("field=machine-translation&territory=CN&on=2020-01-01&exclusive=true").json["available"] as? Bool == true)

            let optioned = try await ask("field=speech-recognition&territory=CN&on=2019-05-01&licensee=jd")
            #expect((optioned.json["reasons"] as? [[String: Any]])?.first?["option"] as? Int == 1)
            #expect(try await ask("field=speech-recognition&territory=CN&on=2019-05-01&licensee=tencent").json["available"] as? Bool == true)

            let invalid = try await ask("field=computer%2Fvision&territory=ZZ&on=2020-13-01&licensee=JD!")
            #expect(invalid.status == .badRequest)
            #expect(Set(invalid.pointers) == ["#query/field", "#query/territory", "#query/on", "#query/licensee"])
            #expect(try await ask("field=computer-vision&territory=CN&on=2020-01-01", key: try await app.key(.company, party: "alibaba")).status
                == .notFound)
            #expect(try await ask("field=computer-vision&territory=CN&on=2020-01-01", key: jd).status == .notFound)
        }
    }
}
