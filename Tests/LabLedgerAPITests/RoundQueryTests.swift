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
            #expect((benefit["quantity"] as? [String: Any]).map { $0 as NSDictionary } == ["currency": "HKD", "amount": "100000.00"] as NSDictionary)
            #expect(benefit["commitment"] as? String == RoundStory.cash)
            let mentor = try #require((response.json["mentors"] as? [[String: Any]])?.first)
            #expect((mentor["personalData"] as? [String: Any])?["name"] as? String == "Prof. Example Mentor")
            let outsider = try await app.key(.company, party: "jd")
            #expect(try await app.get(path, key: outsider).status == .notFound)
            #expect(try await app.get("/v1/rounds/no-such-round", key: admin).status == .notFound)

            let support = #"{"startup": "deepvision-hk", "kind": "technical_support", "quantity": {"unit": "support_hours", "quantity": 120}, "provider": "alibaba", "reference": "HKAI-R1-DAMO", "grantedOn": "2018-11-02", "description": "DAMO Academy engineers, on call"}"#
            let granted = try await app.post("\(path)/benefits", key: admin, json: support)
            let described = try await app.get(path, key: member, headers: [.init("LabLedger-Position")!: try #require(granted.position)])
            let benefits = try #require(described.json["benefits"] as? [[String: Any]])
            #expect(benefits.first { $0["reference"] as? String == "HKAI-R1-DAMO" }?["description"] as? String == "DAMO Academy engineers, on call")
            #expect(benefits.first { $0["reference"] as? String == "HKAI-R1-CASH" }?["description"] == nil)
        }
    }

    @Test func aMentorFromTheLabsAdvisoryBoardIsShownAsOneAndAnOutsideMentorIsNot() async throws {
        try await APITestApp.run("round_board_mentor") { app in
            let admin = try await app.admin()
            try await app.roundStory(admin)
            try await app.roundWithAdmittedStartup(admin)
            let appointed = try await app.post("/v1/labs/\(RoundStory.lab)/advisory-board", key: admin, json: """
                {"advisor": "hkai-advisor-01", "expertise": "Computer vision; startup mentoring", "appointedOn": "2018-08-01",
                 "person": {"name": "Prof. Board Member"}}
                """)
            #expect(appointed.status == .ok || appointed.status == .created, "\(appointed.text)")
            let mentors = "/v1/rounds/hkai-2018-r1/mentors"
            func mentor(_ id: String, stated: Bool? = nil) -> String {
                let claim = stated.map { #", "advisoryBoardMember": \#($0)"# } ?? ""
                return #"{"startup": "deepvision-hk", "mentor": "\#(id)", "assignedOn": "2018-11-05", "person": {"name": "Mentor \#(id)"}\#(claim)}"#
            }
            // A statement the board contradicts changes nothing.
            #expect(try await app.post(mentors, key: admin, json: mentor("outside-1", stated: true)).code == "round.mentor-advisory-board-mismatch")
            #expect(try await app.post(mentors, key: admin, json: mentor("hkai-advisor-01", stated: false)).code == "round.mentor-advisory-board-mismatch")
            #expect(try await app.post(mentors, key: admin, json: mentor("hkai-advisor-01")).status == .ok)
            let last = try await app.post(mentors, key: admin, json: mentor("outside-1", stated: false))
            #expect(last.status == .ok, "\(last.text)")

            let round = try await app.get("/v1/rounds/hkai-2018-r1", key: admin, headers: [.init("LabLedger-Position")!: try #require(last.position)])
            let shown = (round.json["mentors"] as? [[String: Any]]) ?? []
            #expect(shown.count == 2)
            #expect(shown.first { $0["mentor"] as? String == "hkai-advisor-01" }?["advisoryBoardMember"] as? Bool == true)
            #expect(shown.first { $0["mentor"] as? String == "outside-1" }?["advisoryBoardMember"] as? Bool == false)
            let events = try await app.storyEvents("round-hkai-2018-r1").filter { $0.type == "MentorAssigned" }
            #expect(events.map { $0.data["advisoryBoardMember"] as? Bool } == [true, nil])
        }
    }

    @Test func aStartupThatAppliedReadsItsOwnApplicationDecisionAndBenefitsOnly() async throws {
        try await APITestApp.run("round_applicant") { app in
            let admin = try await app.admin()
            _ = try await story(app, admin)
            let round = "/v1/rounds/hkai-2018-r1"
            #expect(try await app.post("\(round)/applications", key: admin, json: #"{"startup": "lingo-ai", "appliedOn": "2018-09-20"}"#).status == .ok)
            let rejected = try await app.post(
                "\(round)/rejections", key: admin, json: #"{"startup": "lingo-ai", "rejectedOn": "2018-10-21", "reason": "Outside the lab's focus."}"#)
            #expect(rejected.status == .ok, "\(rejected.text)")
            let position = try #require(rejected.position)

            let lingo = try await app.key(.company, party: "lingo-ai")
            let own = try await app.get(round, key: lingo, headers: [.init("LabLedger-Position")!: position])
            #expect(own.status == .ok, "\(own.text)")
            let startups = try #require(own.json["startups"] as? [[String: Any]])
            #expect(startups.map { $0["startup"] as? String } == ["lingo-ai"])
            #expect(startups.first?["status"] as? String == "rejected")
            #expect(startups.first?["rejectionReason"] as? String == "Outside the lab's focus.")
            #expect((own.json["benefits"] as? [[String: Any]])?.isEmpty == true)
            #expect((own.json["mentors"] as? [[String: Any]])?.isEmpty == true)
            #expect(!own.text.contains("deepvision-hk"))
            #expect(!own.text.contains("Prof. Example Mentor"))

            let deepvision = try await app.key(.company, party: "deepvision-hk")
            let admitted = try await app.get(round, key: deepvision, headers: [.init("LabLedger-Position")!: position])
            #expect(admitted.status == .ok, "\(admitted.text)")
            #expect((admitted.json["startups"] as? [[String: Any]])?.map { $0["startup"] as? String } == ["deepvision-hk"])
            #expect((admitted.json["benefits"] as? [[String: Any]])?.map { $0["reference"] as? String } == ["HKAI-R1-CASH"])
            let mentor = try #require((admitted.json["mentors"] as? [[String: Any]])?.first)
            #expect((mentor["personalData"] as? [String: Any])?["name"] as? String == "Prof. Example Mentor")
            #expect(!admitted.text.contains("lingo-ai"))

            let list = try await app.get("/v1/labs/\(RoundStory.lab)/rounds", key: lingo, headers: [.init("LabLedger-Position")!: position])
            #expect((list.json["items"] as? [[String: Any]])?.map { $0["round"] as? String } == ["hkai-2018-r1"])
            // The second round, which it did not apply to, stays as hidden as another lab's.
            #expect(try await app.get("/v1/rounds/hkai-2019-r2", key: lingo, headers: [.init("LabLedger-Position")!: position]).status == .notFound)
        }
    }
}
