import Foundation
import Testing

@Suite struct PlacementQueryTests {
    /// A studentship with a stipend and an internship at Tencent, and a postdoc employed by
    /// CUHK-Shenzhen; answers the position of the last command.
    func story(_ app: APITestApp, _ admin: String) async throws -> String {
        try await app.placementStory(admin)
        #expect(try await app.post("/v1/labs/\(PlacementStory.lab)/studentships", key: admin, json: PlacementStory.studentship()).status == .created)
        #expect(try await app.post("/v1/labs/\(PlacementStory.lab)/postdocs", key: admin, json: PlacementStory.postdoc()).status == .created)
        let base = "/v1/placements/\(PlacementStory.placement)"
        #expect(try await app.post("\(base)/stipends", key: admin, json: PlacementStory.stipend("TENCENT-2018-09-0042")).status == .ok)
        let last = try await app.post("\(base)/internships", key: admin, json: PlacementStory.internship)
        return try #require(last.position)
    }

    @Test func aLabsPlacementsArePagedAndScopedToTheCallersParty() async throws {
        try await APITestApp.run("placement_list") { app in
            let admin = try await app.admin()
            let position = try await story(app, admin)
            let list = "/v1/labs/\(PlacementStory.lab)/placements"
            let first = try await app.get("\(list)?limit=1", key: admin, headers: [.init("LabLedger-Position")!: position])
            #expect(first.status == .ok, "\(first.text)")
            let items = try #require(first.json["items"] as? [[String: Any]])
            #expect(items.map { $0["placement"] as? String } == ["mi-lab-phd-2018-001"])
            #expect((items[0]["personalData"] as? [String: Any])?["name"] as? String == "Li Wei")
            #expect((items[0]["stipendsPaid"] as? [String: Any])?["amount"] as? String == "8000.00")
            let next = try #require(first.json["next"] as? String)
            let second = try await app.get("\(list)?limit=1&after=\(next)", key: admin)
            #expect((second.json["items"] as? [[String: Any]])?.map { $0["placement"] as? String } == ["mi-lab-postdoc-2019-003"])
            #expect(second.json["next"] == nil)
            #expect(try await app.get("\(list)?after=garbage", key: admin).pointers == ["#query/after"])
            let host = try await app.key(.company, party: "tencent")
            #expect((try await app.get(list, key: host).json["items"] as? [[String: Any]])?.count == 1)
            let outsider = try await app.key(.company, party: "jd")
            #expect((try await app.get(list, key: outsider).json["items"] as? [[String: Any]])?.isEmpty == true)
        }
    }

    @Test func onePlacementShowsItsInternshipsStipendsAndPersonToThoseItConcerns() async throws {
        try await APITestApp.run("placement_get") { app in
            let admin = try await app.admin()
            let position = try await story(app, admin)
            let path = "/v1/placements/\(PlacementStory.placement)"
            let auditor = try await app.key(.auditor)
            let response = try await app.get(path, key: auditor, headers: [.init("LabLedger-Position")!: position])
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.etag == "\"3\"")
            #expect(response.json["status"] as? String == "active")
            #expect(response.json["orcid"] as? String == "0000-0002-1825-0097")
            #expect((response.json["internships"] as? [[String: Any]])?.first?["host"] as? String == "tencent")
            #expect((response.json["stipends"] as? [[String: Any]])?.first?["reference"] as? String == "TENCENT-2018-09-0042")
            #expect((response.json["personalData"] as? [String: Any])?["email"] as? String == "liwei@link.cuhk.edu.cn")
            let grantor = try await app.key(.university, party: "cuhk-shenzhen")
            #expect(try await app.get(path, key: grantor).status == .ok)
            let outsider = try await app.key(.company, party: "jd")
            #expect(try await app.get(path, key: outsider).status == .notFound)
            #expect(try await app.get("/v1/placements/no-such-placement", key: admin).status == .notFound)
        }
    }
}
