import Foundation
import Testing

@Suite struct RoundCommandTests {
    let rounds = "/v1/labs/\(RoundStory.lab)/rounds"
    let round = "/v1/rounds/hkai-2018-r1"

    @Test func openingARoundClaimsTheLabsRoundCalendarForTheYear() async throws {
        try await APITestApp.run("round_open", workers: false) { app in
            let admin = try await app.admin()
            try await app.roundStory(admin)
            let response = try await app.post(rounds, key: admin, json: RoundStory.open())
            #expect(response.status == .created, "\(response.text)")
            #expect(response.etag == "\"1\"")
            #expect(response.headers[.location] == round)
            #expect(try await app.storyEvents("round-hkai-2018-r1").map(\.type) == ["RoundOpened"])
            let calendar = try await app.storyEvents("roundcalendar-hkai-lab.2018")
            #expect(calendar.map(\.type) == ["RoundScheduled"])
            #expect(calendar.first?.data["round"] as? String == "hkai-2018-r1")
            #expect(calendar.first?.data["year"] as? Int == 2018)
            #expect(try await app.post(rounds, key: admin, json: RoundStory.open()).code == "round.already-opened")
        }
    }

    @Test func aLabOpensAtMostTwoRoundsAYear() async throws {
        try await APITestApp.run("round_two_a_year", workers: false) { app in
            let admin = try await app.admin()
            try await app.roundStory(admin)
            #expect(try await app.post(rounds, key: admin, json: RoundStory.open("r1", number: 1)).status == .created)
            #expect(try await app.post(rounds, key: admin, json: RoundStory.open("r2", number: 2, from: "2018-03-01", to: "2018-04-01")).code == "round.date-before-founding")
            #expect(try await app.post(rounds, key: admin, json: RoundStory.open("r2", number: 2, from: "2018-11-01", to: "2018-12-01")).status == .created)
            let third = try await app.post(rounds, key: admin, json: RoundStory.open("r3", number: 3, from: "2018-12-01", to: "2018-12-20"))
            #expect(third.code == "round.too-many-rounds-this-year")
            #expect(try await app.post(rounds, key: admin, json: RoundStory.open("r3", number: 3, from: "2019-03-01", to: "2019-04-15")).status == .created)
        }
    }

    @Test func racingOpeningsNeverMakeAThirdRoundInAYear() async throws {
        try await APITestApp.run("round_race", workers: false) { app in
            let admin = try await app.admin()
            try await app.roundStory(admin)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for number in 1...4 {
                    group.addTask {
                        try await app.post(rounds, key: admin, json: RoundStory.open("race-\(number)", number: number)).status.code
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 2, "\(statuses)")
            #expect(statuses.allSatisfy { [201, 409, 422].contains($0) }, "\(statuses)")
            #expect(try await app.storyEvents("roundcalendar-hkai-lab.2018").count == 2)
            var opened = 0
            for number in 1...4 where try await !app.storyEvents("round-race-\(number)").isEmpty { opened += 1 }
            #expect(opened == 2)
        }
    }

    @Test func openingIsValidatedAndKeptToKeepers() async throws {
        try await APITestApp.run("round_open_invalid", workers: false) { app in
            let admin = try await app.admin()
            try await app.roundStory(admin)
            let invalid = try await app.post(
                rounds, key: admin,
                json: #"{"round": "R 1", "number": 1, "capacity": 10, "applicationWindow": {"from": "2018-9-1", "to": "2018-10-15"}, "programmeMonths": 6, "openedOn": "x"}"#)
            #expect(Set(invalid.pointers) == ["/round", "/applicationWindow/from", "/openedOn"])
            #expect(try await app.post("/v1/labs/no-such-lab/rounds", key: admin, json: RoundStory.open()).code == "round.lab-not-founded")
            // The contract's `minimum: 1` refuses a round without places before the decider sees it.
            let noPlaces = try await app.post(rounds, key: admin, json: RoundStory.open(capacity: 0))
            #expect(noPlaces.pointers == ["/capacity"], "\(noPlaces.text)")
            #expect((noPlaces.json["errors"] as? [[String: Any]])?.first?["code"] as? String == "too-small")
            let company = try await app.key(.company, party: "alibaba")
            let auditor = try await app.key(.auditor)
            #expect(try await app.post(rounds, key: company, json: RoundStory.open()).status == .forbidden)
            #expect(try await app.post(rounds, key: auditor, json: RoundStory.open()).status == .forbidden)
        }
    }

    @Test func aStartupAppliesForItselfInsideTheWindow() async throws {
        try await APITestApp.run("round_apply", workers: false) { app in
            let admin = try await app.admin()
            try await app.roundStory(admin)
            #expect(try await app.post(rounds, key: admin, json: RoundStory.open()).status == .created)
            let startup = try await app.key(.company, party: "deepvision-hk")
            let university = try await app.key(.university, party: "hkstp")
            let apply = #"{"startup": "deepvision-hk", "appliedOn": "2018-09-12"}"#
            #expect(try await app.post("\(round)/applications", key: university, json: apply).status == .forbidden)
            #expect(try await app.post("\(round)/applications", key: startup, json: #"{"startup": "lingo-ai", "appliedOn": "2018-09-12"}"#).status == .forbidden)
            #expect(try await app.post("/v1/rounds/no-such-round/applications", key: startup, json: apply).status == .notFound)
            #expect(try await app.post("\(round)/applications", key: startup, json: apply, headers: storyIfMatch(4)).status == .preconditionFailed)
            #expect(Set(try await app.post("\(round)/applications", key: admin, json: #"{"startup": "X", "appliedOn": "y"}"#).pointers) == ["/startup", "/appliedOn"])
            #expect(try await app.post("\(round)/applications", key: startup, json: #"{"startup": "deepvision-hk", "appliedOn": "2018-10-15"}"#).code == "round.outside-application-window")
            #expect(try await app.post("\(round)/applications", key: admin, json: #"{"startup": "ghost-ai", "appliedOn": "2018-09-12"}"#).code == "round.startup-not-registered")
            let applied = try await app.post("\(round)/applications", key: startup, json: apply, headers: storyIfMatch(1))
            #expect(applied.status == .ok, "\(applied.text)")
            #expect(applied.etag == "\"2\"")
            #expect(try await app.post("\(round)/applications", key: startup, json: apply).code == "round.already-applied")
        }
    }

    @Test func admissionsStopAtCapacityAndRejectionsGiveAReason() async throws {
        try await APITestApp.run("round_admit", workers: false) { app in
            let admin = try await app.admin()
            try await app.roundStory(admin)
            try await app.roundWithAdmittedStartup(admin, capacity: 1)
            #expect(try await app.post("\(round)/applications", key: admin, json: #"{"startup": "lingo-ai", "appliedOn": "2018-09-20"}"#).status == .ok)
            let company = try await app.key(.company, party: "alibaba")
            let admit = #"{"startup": "lingo-ai", "admittedOn": "2018-10-20"}"#
            #expect(try await app.post("\(round)/admissions", key: company, json: admit).status == .forbidden)
            #expect(try await app.post("\(round)/admissions", key: admin, json: admit).code == "round.capacity-reached")
            #expect(Set(try await app.post("\(round)/admissions", key: admin, json: #"{"startup": "", "admittedOn": ""}"#).pointers) == ["/startup", "/admittedOn"])
            #expect(try await app.post("\(round)/rejections", key: company, json: #"{"startup": "lingo-ai", "rejectedOn": "2018-10-20", "reason": "Full."}"#).status == .forbidden)
            #expect(try await app.post("\(round)/rejections", key: admin, json: #"{"startup": "lingo-ai", "rejectedOn": "2018-10-20", "reason": " "}"#).code == "round.reason-required")
            #expect(try await app.post("\(round)/rejections", key: admin, json: #"{"startup": "lingo-ai", "rejectedOn": "20181020", "reason": "Full."}"#).pointers == ["/rejectedOn"])
            let rejected = try await app.post("\(round)/rejections", key: admin, json: #"{"startup": "lingo-ai", "rejectedOn": "2018-10-20", "reason": "The cohort is full."}"#)
            #expect(rejected.status == .ok)
            #expect(try await app.post("\(round)/admissions", key: admin, json: admit, headers: storyIfMatch(2)).status == .preconditionFailed)
            #expect(try await app.storyEvents("round-hkai-2018-r1").map(\.type) == ["RoundOpened", "StartupApplied", "StartupAdmitted", "StartupApplied", "StartupRejected"])
        }
    }

    @Test func aCashBenefitDrawsOnTheProvidersCommitmentAtomically() async throws {
        try await APITestApp.run("round_benefit", workers: false) { app in
            let admin = try await app.admin()
            try await app.roundStory(admin)
            try await app.roundWithAdmittedStartup(admin)
            let benefits = "\(round)/benefits"
            let company = try await app.key(.company, party: "alibaba")
            #expect(try await app.post(benefits, key: company, json: RoundStory.cashBenefit("B1")).status == .forbidden)
            #expect(try await app.post(benefits, key: admin, json: RoundStory.cashBenefit("B1", commitment: nil)).code == "round.cash-needs-commitment")
            #expect(try await app.post(benefits, key: admin, json: RoundStory.cashBenefit("B1", amount: "600000.00")).code == "round.commitment-balance-insufficient")
            #expect(try await app.post(benefits, key: admin, json: RoundStory.cashBenefit("B1", commitment: "no-such-commitment")).code == "round.commitment-unknown")
            let both = #"{"startup": "deepvision-hk", "kind": "cash", "quantity": {"cash": {"currency": "HKD", "amount": "1"}, "inKind": {"unit": "gpu_hours", "quantity": 5}}, "provider": "A", "reference": "B", "grantedOn": "2018-11-01"}"#
            #expect(Set(try await app.post(benefits, key: admin, json: both).pointers) == ["/quantity", "/provider"])
            let granted = try await app.post(benefits, key: admin, json: RoundStory.cashBenefit("HKAI-R1-CASH-DEEPVISION"))
            #expect(granted.status == .ok, "\(granted.text)")
            let commitment = try await app.storyEvents("commitment-\(RoundStory.cash)")
            #expect(commitment.map(\.type) == ["FundingCommitted", "DisbursementRecorded"])
            #expect(commitment.last?.data["reference"] as? String == "HKAI-R1-CASH-DEEPVISION")
            let mentoring = #"{"startup": "deepvision-hk", "kind": "mentoring", "quantity": {"unit": "mentoring_hours", "quantity": 20}, "provider": "sensetime", "reference": "M1", "grantedOn": "2018-11-02"}"#
            #expect(try await app.post(benefits, key: admin, json: mentoring).status == .ok)
            let support = #"{"startup": "deepvision-hk", "kind": "technical_support", "quantity": {"unit": "support_hours", "quantity": 120}, "provider": "alibaba", "reference": "T1", "grantedOn": "2018-11-02", "description": "DAMO Academy engineers, on call"}"#
            let supported = try await app.post(benefits, key: admin, json: support)
            #expect(supported.status == .ok, "\(supported.text)")
            #expect(try await app.post(benefits, key: admin, json: support.replacingOccurrences(of: "support_hours", with: "gpu_hours")
                .replacingOccurrences(of: "T1", with: "T2")).code == "round.benefit-kind-mismatch")
            #expect(try await app.post(benefits, key: admin, json: support.replacingOccurrences(of: "DAMO Academy engineers, on call", with: "   ")
                .replacingOccurrences(of: "T1", with: "T3")).code == "round.benefit-description-blank")
            let tooLong = support.replacingOccurrences(of: "DAMO Academy engineers, on call", with: String(repeating: "d", count: 501))
            #expect(try await app.post(benefits, key: admin, json: tooLong.replacingOccurrences(of: "T1", with: "T4")).pointers == ["/description"])
            let events = try await app.storyEvents("round-hkai-2018-r1")
            #expect(events.last?.data["description"] as? String == "DAMO Academy engineers, on call")
            let notAdmitted = RoundStory.cashBenefit("B9").replacingOccurrences(of: "deepvision-hk", with: "lingo-ai")
            #expect(try await app.post(benefits, key: admin, json: notAdmitted).code == "round.startup-not-admitted")
            #expect(try await app.post(benefits, key: admin, json: RoundStory.cashBenefit("B2"), headers: storyIfMatch(3)).status == .preconditionFailed)
        }
    }

    @Test func mentorsAreAssignedOnceAndTheCohortGraduatesAfterTheProgramme() async throws {
        try await APITestApp.run("round_mentor_graduate", workers: false) { app in
            let admin = try await app.admin()
            try await app.roundStory(admin)
            try await app.roundWithAdmittedStartup(admin)
            let company = try await app.key(.company, party: "alibaba")
            #expect(try await app.post("\(round)/mentors", key: company, json: RoundStory.mentor).status == .forbidden)
            let invalid = RoundStory.mentor.replacingOccurrences(of: "mentor@example.org", with: "not-an-email").replacingOccurrences(of: "advisor-1", with: "A 1")
            #expect(Set(try await app.post("\(round)/mentors", key: admin, json: invalid).pointers) == ["/mentor", "/person/email"])
            #expect(try await app.post("\(round)/mentors", key: admin, json: RoundStory.mentor).status == .ok)
            #expect(try await app.post("\(round)/mentors", key: admin, json: RoundStory.mentor).code == "round.mentor-already-assigned")
            #expect(try await app.post("\(round)/graduation", key: company, json: #"{"graduatedOn": "2019-04-15"}"#).status == .forbidden)
            #expect(try await app.post("\(round)/graduation", key: admin, json: #"{"graduatedOn": "April"}"#).pointers == ["/graduatedOn"])
            #expect(try await app.post("\(round)/graduation", key: admin, json: #"{"graduatedOn": "2019-04-14"}"#).code == "round.programme-not-over")
            #expect(try await app.post("\(round)/graduation", key: admin, json: #"{"graduatedOn": "2019-04-15"}"#, headers: storyIfMatch(1)).status == .preconditionFailed)
            let graduated = try await app.post("\(round)/graduation", key: admin, json: #"{"graduatedOn": "2019-04-15"}"#)
            #expect(graduated.status == .ok, "\(graduated.text)")
            #expect(try await app.post("\(round)/mentors", key: admin, json: RoundStory.mentor).code == "round.graduated")
        }
    }
}
