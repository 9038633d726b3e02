import Foundation
import Testing

@Suite struct PlacementCommandTests {
    let studentships = "/v1/labs/\(PlacementStory.lab)/studentships"
    let placement = "/v1/placements/\(PlacementStory.placement)"

    @Test func awardingAStudentshipStartsThePlacementStream() async throws {
        try await APITestApp.run("placement_award", workers: false) { app in
            let admin = try await app.admin()
            try await app.placementStory(admin)
            let response = try await app.post(studentships, key: admin, json: PlacementStory.studentship())
            #expect(response.status == .created, "\(response.text)")
            #expect(response.etag == "\"1\"")
            #expect(response.headers[.location] == placement)
            #expect(try await app.storyEvents("placement-\(PlacementStory.placement)").map(\.type) == ["StudentshipAwarded"])
            let university = try await app.key(.university, party: "cuhk-shenzhen")
            let own = try await app.post(studentships, key: university, json: PlacementStory.studentship(placement: "mi-lab-phd-2018-002"))
            #expect(own.status == .created, "\(own.text)")
        }
    }

    @Test func awardingListsEveryInvalidField() async throws {
        try await APITestApp.run("placement_award_invalid", workers: false) { app in
            let admin = try await app.admin()
            let body = PlacementStory.studentship(placement: "Not A Slug", degreeGrantor: "-", monthly: "12.345")
                .replacingOccurrences(of: "2018-09-01", with: "2018-13-01").replacingOccurrences(of: "liwei@link.cuhk.edu.cn", with: "nope")
            let response = try await app.post(studentships, key: admin, json: body)
            #expect(response.status == .badRequest)
            #expect(Set(response.pointers) == ["/placement", "/degreeGrantor", "/stipend/monthly/amount", "/period/from", "/person/email"])
        }
    }

    @Test func awardingIsRefusedByTheStudentshipRules() async throws {
        try await APITestApp.run("placement_award_rules", workers: false) { app in
            let admin = try await app.admin()
            try await app.placementStory(admin)
            let cases: [(String, String)] = [
                (PlacementStory.studentship(sponsor: "jd"), "placement.sponsor-not-a-party"),
                (PlacementStory.studentship(degreeGrantor: "tencent"), "placement.degree-grantor-not-a-university"),
                (PlacementStory.studentship().replacingOccurrences(of: "CNY", with: "HKD"), "placement.currency-mismatch"),
                (PlacementStory.studentship(agreement: "no-such-agreement"), "placement.agreement-unknown"),
            ]
            for (body, code) in cases {
                let response = try await app.post(studentships, key: admin, json: body)
                #expect(response.status == .unprocessableContent && response.code == code, "\(code): \(response.text)")
            }
            #expect(try await app.post(studentships, key: admin, json: PlacementStory.studentship()).status == .created)
            #expect(try await app.post(studentships, key: admin, json: PlacementStory.studentship()).code == "placement.already-exists")
        }
    }

    @Test func onlyTheDegreeGrantingUniversityOrKeepersAwardStudentships() async throws {
        try await APITestApp.run("placement_award_access", workers: false) { app in
            let admin = try await app.admin()
            try await app.placementStory(admin)
            try await app.registerStoryParties(admin, [("hkust", "university")])
            let company = try await app.key(.company, party: "tencent")
            let auditor = try await app.key(.auditor)
            let outsider = try await app.key(.university, party: "hkust")
            let grantor = try await app.key(.university, party: "cuhk-shenzhen")
            #expect(try await app.post(studentships, key: company, json: PlacementStory.studentship()).status == .forbidden)
            #expect(try await app.post(studentships, key: auditor, json: PlacementStory.studentship()).status == .forbidden)
            #expect(try await app.post(studentships, key: outsider, json: PlacementStory.studentship(degreeGrantor: "hkust")).status == .notFound)
            let asAnother = try await app.post(studentships, key: grantor, json: PlacementStory.studentship(degreeGrantor: "tencent"))
            #expect(asAnother.status == .forbidden)
        }
    }

    @Test func payingAStipendRecordsTheSameDisbursementOnTheSponsorsCommitment() async throws {
        try await APITestApp.run("placement_stipend", workers: false) { app in
            let admin = try await app.admin()
            try await app.placementStory(admin)
            #expect(try await app.post(studentships, key: admin, json: PlacementStory.studentship()).status == .created)
            let sponsor = try await app.key(.company, party: "tencent")
            let response = try await app.post("\(placement)/stipends", key: sponsor, json: PlacementStory.stipend("TENCENT-2018-09-0042"))
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.etag == "\"2\"")
            // The answer names the disbursement written on the commitment in the same transaction.
            #expect((response.json["events"] as? [[String: Any]])?.compactMap { $0["type"] as? String } == ["StipendPaid", "DisbursementRecorded"])
            #expect((response.json["events"] as? [[String: Any]])?.compactMap { $0["stream"] as? String }
                == ["placement-\(PlacementStory.placement)", "commitment-\(PlacementStory.commitment)"])
            let commitment = try await app.storyEvents("commitment-\(PlacementStory.commitment)")
            #expect(commitment.map(\.type) == ["FundingCommitted", "DisbursementRecorded"])
            #expect(commitment.last?.data["reference"] as? String == "TENCENT-2018-09-0042")
            let again = try await app.post("\(placement)/stipends", key: sponsor, json: PlacementStory.stipend("TENCENT-2018-09-0042"))
            #expect(again.code == "placement.duplicate-stipend-reference")
        }
    }

    @Test func aStipendNeverDrawsBeyondTheCommitmentEvenWhenPaymentsRace() async throws {
        try await APITestApp.run("placement_stipend_race", workers: false) { app in
            let admin = try await app.admin()
            try await app.placementStory(admin, stipends: 1_000_000)
            #expect(try await app.post(studentships, key: admin, json: PlacementStory.studentship()).status == .created)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for month in ["09", "10"] {
                    group.addTask {
                        try await app.post("\(placement)/stipends", key: admin, json: PlacementStory.stipend("S-\(month)", month: month)).status.code
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.sorted() == [200, 422] || statuses.sorted() == [200, 409], "\(statuses)")
            let disbursed = try await app.storyEvents("commitment-\(PlacementStory.commitment)").filter { $0.type == "DisbursementRecorded" }
            #expect(disbursed.count == 1)
            let over = try await app.post("\(placement)/stipends", key: admin, json: PlacementStory.stipend("S-11", amount: "8000.00", month: "10"))
            #expect(over.code == "placement.commitment-balance-insufficient")
        }
    }

    @Test func stipendsAreValidatedAndPaidOnlyByTheSponsorAtTheExpectedVersion() async throws {
        try await APITestApp.run("placement_stipend_access", workers: false) { app in
            let admin = try await app.admin()
            try await app.placementStory(admin)
            #expect(try await app.post(studentships, key: admin, json: PlacementStory.studentship()).status == .created)
            let invalid = try await app.post(
                "\(placement)/stipends", key: admin,
                json: #"{"amount": {"currency": "cny", "amount": "8000"}, "forPeriod": {"from": "2018-09-01", "to": "2018-09-31"}, "paidOn": "x", "reference": "R"}"#)
            #expect(Set(invalid.pointers) == ["/amount/currency", "/forPeriod/to", "/paidOn"])
            let university = try await app.key(.university, party: "cuhk-shenzhen")
            let outsider = try await app.key(.company, party: "jd")
            #expect(try await app.post("\(placement)/stipends", key: university, json: PlacementStory.stipend("R1")).status == .forbidden)
            #expect(try await app.post("\(placement)/stipends", key: outsider, json: PlacementStory.stipend("R1")).status == .notFound)
            #expect(try await app.post("/v1/placements/nobody/stipends", key: admin, json: PlacementStory.stipend("R1")).status == .notFound)
            let stale = try await app.post("\(placement)/stipends", key: admin, json: PlacementStory.stipend("R1"), headers: storyIfMatch(7))
            #expect(stale.status == .preconditionFailed)
        }
    }

    @Test func theHostStartsAndEndsAnInternshipCoveredByTheAgreement() async throws {
        try await APITestApp.run("placement_internship", workers: false) { app in
            let admin = try await app.admin()
            try await app.placementStory(admin)
            #expect(try await app.post(studentships, key: admin, json: PlacementStory.studentship()).status == .created)
            let host = try await app.key(.company, party: "tencent")
            let outsider = try await app.key(.company, party: "jd")
            let university = try await app.key(.university, party: "cuhk-shenzhen")
            #expect(try await app.post("\(placement)/internships", key: university, json: PlacementStory.internship).status == .forbidden)
            #expect(try await app.post("\(placement)/internships", key: outsider, json: PlacementStory.internship).status == .notFound)
            #expect(try await app.post("\(placement)/internships", key: host, json: PlacementStory.internship, headers: storyIfMatch(3)).status == .preconditionFailed)
            let invalid = try await app.post(
                "\(placement)/internships", key: host, json: #"{"host": "T", "agreement": "tencent-cuhksz-2018", "period": {"from": "2019-7-1"}}"#)
            #expect(Set(invalid.pointers) == ["/host", "/period/from"])
            let late = PlacementStory.internship.replacingOccurrences(of: "2019-07-01", with: "2023-05-01")
                .replacingOccurrences(of: "2019-10-01", with: "2023-08-01")
            #expect(try await app.post("\(placement)/internships", key: admin, json: late).code == "placement.internship-outside-agreement-term")
            let started = try await app.post("\(placement)/internships", key: host, json: PlacementStory.internship, headers: storyIfMatch(1))
            #expect(started.status == .ok, "\(started.text)")
            #expect(started.etag == "\"2\"")
            #expect(try await app.post("\(placement)/internship-endings", key: outsider, json: #"{"endedOn": "2019-10-01"}"#).status == .notFound)
            #expect(try await app.post("\(placement)/internship-endings", key: host, json: #"{"endedOn": "10/01/2019"}"#).pointers == ["/endedOn"])
            let ended = try await app.post("\(placement)/internship-endings", key: host, json: #"{"endedOn": "2019-10-01"}"#)
            #expect(ended.status == .ok)
            #expect(try await app.storyEvents("placement-\(PlacementStory.placement)").map(\.type) == ["StudentshipAwarded", "InternshipStarted", "InternshipEnded"])
            #expect(try await app.post("\(placement)/internship-endings", key: admin, json: #"{"endedOn": "2019-10-02"}"#).code == "placement.no-internship-in-progress")
        }
    }

    @Test func onlyTheDegreeGrantorConfersTheDegree() async throws {
        try await APITestApp.run("placement_degree", workers: false) { app in
            let admin = try await app.admin()
            try await app.placementStory(admin)
            try await app.registerStoryParties(admin, [("hkust", "university")])
            #expect(try await app.post(studentships, key: admin, json: PlacementStory.studentship()).status == .created)
            let degree = #"{"grantor": "cuhk-shenzhen", "degree": "PhD in Computer and Information Engineering", "conferredOn": "2022-07-15"}"#
            let company = try await app.key(.company, party: "tencent")
            let other = try await app.key(.university, party: "hkust")
            let grantor = try await app.key(.university, party: "cuhk-shenzhen")
            #expect(try await app.post("\(placement)/degree", key: company, json: degree).status == .forbidden)
            #expect(try await app.post("\(placement)/degree", key: other, json: degree).status == .notFound)
            let asTencent = degree.replacingOccurrences(of: "\"grantor\": \"cuhk-shenzhen\"", with: "\"grantor\": \"tencent\"")
            #expect(try await app.post("\(placement)/degree", key: grantor, json: asTencent).status == .forbidden)
            #expect(try await app.post("\(placement)/degree", key: admin, json: asTencent).code == "placement.not-the-degree-grantor")
            let invalid = try await app.post("\(placement)/degree", key: admin, json: #"{"grantor": "", "degree": "PhD", "conferredOn": "soon"}"#)
            #expect(Set(invalid.pointers) == ["/grantor", "/conferredOn"])
            #expect(try await app.post("\(placement)/degree", key: grantor, json: degree, headers: storyIfMatch(2)).status == .preconditionFailed)
            let conferred = try await app.post("\(placement)/degree", key: grantor, json: degree)
            #expect(conferred.status == .ok, "\(conferred.text)")
            #expect(try await app.post("\(placement)/degree", key: grantor, json: degree).code == "placement.degree-already-conferred")
        }
    }

    @Test func aUniversityAppointsThePostdocsItEmploys() async throws {
        try await APITestApp.run("placement_postdoc", workers: false) { app in
            let admin = try await app.admin()
            try await app.placementStory(admin)
            let postdocs = "/v1/labs/\(PlacementStory.lab)/postdocs"
            let university = try await app.key(.university, party: "cuhk-shenzhen")
            let company = try await app.key(.company, party: "tencent")
            #expect(try await app.post(postdocs, key: company, json: PlacementStory.postdoc()).status == .forbidden)
            #expect(try await app.post(postdocs, key: university, json: PlacementStory.postdoc(employer: "tencent")).status == .forbidden)
            #expect(try await app.post(postdocs, key: admin, json: PlacementStory.postdoc(employer: "jd")).code == "placement.employer-not-a-party")
            let invalid = try await app.post(postdocs, key: admin, json: PlacementStory.postdoc(placement: "P!", employer: "J D"))
            #expect(Set(invalid.pointers) == ["/placement", "/employer"])
            let appointed = try await app.post(postdocs, key: university, json: PlacementStory.postdoc())
            #expect(appointed.status == .created, "\(appointed.text)")
            #expect(appointed.headers[.location] == "/v1/placements/mi-lab-postdoc-2019-003")
            let stipend = try await app.post("/v1/placements/mi-lab-postdoc-2019-003/stipends", key: admin, json: PlacementStory.stipend("R"))
            #expect(stipend.code == "placement.not-a-studentship")
        }
    }

    @Test func anEndedPlacementTakesNoMoreStipends() async throws {
        try await APITestApp.run("placement_end", workers: false) { app in
            let admin = try await app.admin()
            try await app.placementStory(admin)
            #expect(try await app.post(studentships, key: admin, json: PlacementStory.studentship()).status == .created)
            let company = try await app.key(.company, party: "tencent")
            let university = try await app.key(.university, party: "cuhk-shenzhen")
            let end = #"{"reason": "withdrawn", "endedOn": "2019-12-31"}"#
            #expect(try await app.post("\(placement)/ending", key: company, json: end).status == .forbidden)
            #expect(try await app.post("\(placement)/ending", key: university, json: #"{"reason": "withdrawn", "endedOn": "31.12.2019"}"#).pointers == ["/endedOn"])
            #expect(try await app.post("\(placement)/internships", key: admin, json: PlacementStory.internship).status == .ok)
            #expect(try await app.post("\(placement)/ending", key: university, json: end).code == "placement.internship-in-progress")
            #expect(try await app.post("\(placement)/internship-endings", key: admin, json: #"{"endedOn": "2019-10-01"}"#).status == .ok)
            #expect(try await app.post("\(placement)/ending", key: university, json: end, headers: storyIfMatch(1)).status == .preconditionFailed)
            let ended = try await app.post("\(placement)/ending", key: university, json: end)
            #expect(ended.status == .ok, "\(ended.text)")
            #expect(try await app.post("\(placement)/stipends", key: company, json: PlacementStory.stipend("R")).code == "placement.ended")
        }
    }
}
