import Foundation
import Testing

@Suite struct RoundQueryTests {
    /// Two rounds, the first with an admitted startup, a cash benefit and a mentor; answers the
    /// position of the last command.
    func story(_ app: APITestApp, _ admin: String) async throws -> String {
        try await app.roundStory(admin)
        try await app.roundWithAdmittedStartup(admin)
        #expect(try await app.post("/v1/rounds/hkai-2018-r1/benefits", key: admin, json: RoundStory.cashBenefit("HKAI-R1-CASH")).status == .ok)
        #expect(try await app.post("/v1/rounds/hkai-2018-r1/mentors", key: admin, json: RoundStory.mentor).status == .ok)
        let last = try await app.post(
            "/v1/labs/\(RoundStory.lab)/rounds", key: admin, json: RoundStory.open("hkai-2019-r2", number: 2, from: "2019-03-01", to: "2019-04-15"))
        return try #require(last.position)
    }

    @Test func aLabsRoundsArePagedByNumberForItsMembers() async throws {
        try await APITestApp.run("round_list") { app in
            let admin = try await app.admin()
            let position = try await story(app, admin)
            let list = "/v1/labs/\(RoundStory.lab)/rounds"
            let member = try await app.key(.company, party: "alibaba")
            let first = try await app.get("\(list)?limit=1", key: member, headers: [.init("LabLedger-Position")!: position])
            #expect(first.status == .ok, "\(first.text)")
            let items = try #require(first.json["items"] as? [[String: Any]])
            #expect(items.map { $0["round"] as? String } == ["hkai-2018-r1"])
            #expect((items[0]["counts"] as? [String: Any])?["admitted"] as? Int == 1)
            #expect((items[0]["programme"] as? [String: Any])?["to"] as? String == "2019-04-15")
            let next = try #require(first.json["next"] as? String)
            let second = try await app.get("\(list)?limit=1&after=\(next)", key: member)
            #expect((second.json["items"] as? [[String: Any]])?.map { $0["round"] as? String } == ["hkai-2019-r2"])
            #expect(second.json["next"] == nil)
            #expect(try await app.get("\(list)?limit=0", key: admin).pointers == ["#query/limit"])
            let outsider = try await app.key(.company, party: "jd")
            #expect((try await app.get(list, key: outsider).json["items"] as? [[String: Any]])?.isEmpty == true)
        }
    }

    @Test func oneRoundShowsItsStartupsBenefitsAndMentorsToMembers() async throws {
        try await APITestApp.run("round_get") { app in
            let admin = try await app.admin()
            let position = try await story(app, admin)
            let path = "/v1/rounds/hkai-2018-r1"
            let member = try await app.key(.company, party: "sensetime")
            let response = try await app.get(path, key: member, headers: [.init("LabLedger-Position")!: position])
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.etag == "\"5\"")
            #expect((response.json["startups"] as? [[String: Any]])?.first?["status"] as? String == "admitted")
            let benefit = try #require((response.json["benefits"] as? [[String: Any]])?.first)
            #expect(((benefit["quantity"] as? [String: Any])?["cash"] as? [String: Any])?["amount"] as? String == "100000.00")
            #expect(benefit["commitment"] as? String == RoundStory.cash)
            let mentor = try #require((response.json["mentors"] as? [[String: Any]])?.first)
            #expect((mentor["personalData"] as? [String: Any])?["name"] as? String == "Prof. Example Mentor")
            let outsider = try await app.key(.company, party: "jd")
            #expect(try await app.get(path, key: outsider).status == .notFound)
            #expect(try await app.get("/v1/rounds/no-such-round", key: admin).status == .notFound)
        }
    }
}
