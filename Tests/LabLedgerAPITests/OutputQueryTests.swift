import Foundation
import HTTPTypes
import Testing

/// The research-output queries on the `outputs` read model: a lab's outputs (filters, cursor
/// pages, what each party key sees) and one output with its contributors and review window.
@Suite struct OutputQueryTests {
    @Test func aLabsOutputsAreListedNewestFirstFilteredAndPaged() async throws {
        try await APITestApp.run("out_list") { app in
            let story = try await OutputStory.make(app)
            try await OutputStory.expectDone(story.register("paper-2019", date: "2019-09-04"))
            try await OutputStory.expectDone(story.register("corpus-2020", kind: "dataset", date: "2020-01-15"))
            let last = try await story.act("paper-2019", "submissions", json: #"{"submittedOn":"2019-09-05"}"#)
            let newest = try await story.register("code-2018", kind: "software", date: "2018-12-01")
            OutputStory.expectDone(newest)
            #expect(last.status == .ok)
            let position = try #require(newest.position)
            let auditor = try await app.key(.auditor)
            let headers: HTTPFields = [HTTPField.Name("LabLedger-Position")!: position]
            let all = try await app.get("/v1/labs/\(OutputStory.lab)/outputs", key: auditor, headers: headers)
            #expect(all.status == .ok, "\(all.text)")
            let items = try #require(all.json["items"] as? [[String: Any]])
            #expect(items.compactMap { $0["output"] as? String } == ["corpus-2020", "paper-2019", "code-2018"])
            #expect(all.json["next"] == nil)
            let paper = try #require(items.first { $0["output"] as? String == "paper-2019" })
            #expect(paper["status"] as? String == "submitted")
            #expect(paper["affiliations"] as? [String] == ["cuhk-shenzhen", "tencent"])
            #expect(paper["contributorCount"] as? Int == 2)
            #expect(paper["agreement"] as? String == OutputStory.agreement)
            #expect(paper["version"] as? Int == 2)

            let submitted = try await app.get("/v1/labs/\(OutputStory.lab)/outputs?status=submitted", key: auditor)
            #expect((submitted.json["items"] as? [[String: Any]])?.compactMap { $0["output"] as? String } == ["paper-2019"])
            let datasets = try await app.get("/v1/labs/\(OutputStory.lab)/outputs?kind=dataset&status=registered", key: auditor)
            #expect((datasets.json["items"] as? [[String: Any]])?.compactMap { $0["output"] as? String } == ["corpus-2020"])

            var seen: [String] = []
            var path = "/v1/labs/\(OutputStory.lab)/outputs?limit=2"
            while true {
                let page = try await app.get(path, key: auditor)
                #expect(page.status == .ok, "\(page.text)")
                seen += ((page.json["items"] as? [[String: Any]]) ?? []).compactMap { $0["output"] as? String }
                guard let next = page.json["next"] as? String else { break }
                path = "/v1/labs/\(OutputStory.lab)/outputs?limit=2&after=\(next)"
            }
            #expect(seen == ["corpus-2020", "paper-2019", "code-2018"])

            let invalid = try await app.get("/v1/labs/\(OutputStory.lab)/outputs?status=lost&kind=poem", key: auditor)
            #expect(invalid.status == .badRequest)
            #expect(Set(invalid.pointers) == ["#query/status", "#query/kind"])
            #expect(try await app.get("/v1/labs/\(OutputStory.lab)/outputs?after=bogus", key: auditor).pointers == ["#query/after"])
            #expect(try await app.get("/v1/labs/\(OutputStory.lab)/outputs?limit=0", key: auditor).pointers == ["#query/limit"])
        }
    }

    @Test func partyKeysSeeOnlyOutputsTheirPartyIsInvolvedIn() async throws {
        try await APITestApp.run("out_list_scope") { app in
            let story = try await OutputStory.make(app)
            // CUHK-Shenzhen alone, under the agreement Tencent is a party to.
            try await OutputStory.expectDone(story.register("under-agreement", affiliations: ["cuhk-shenzhen"]))
            // HKSTP alone, under no agreement.
            try await OutputStory.expectDone(story.register("hkstp-only", agreement: nil, affiliations: ["hkstp"], date: "2019-10-01"))
            let last = try await story.register("cuhk-only", agreement: nil, affiliations: ["cuhk-shenzhen"], date: "2019-11-01")
            try await app.waitForReadModels(try #require(last.position))
            func visible(_ key: String) async throws -> [String] {
                let response = try await app.get("/v1/labs/\(OutputStory.lab)/outputs", key: key)
                return ((response.json["items"] as? [[String: Any]]) ?? []).compactMap { $0["output"] as? String }
            }
            #expect(try await visible(app.key(.company, party: "tencent")) == ["under-agreement"])
            #expect(try await visible(app.key(.university, party: "cuhk-shenzhen")) == ["cuhk-only", "under-agreement"])
            #expect(try await visible(app.key(.university, party: "hkstp")) == ["hkstp-only"])
            #expect(try await visible(app.key(.company, party: "jd")).isEmpty)
            #expect(try await visible(app.key(.operator)) == ["cuhk-only", "hkstp-only", "under-agreement"])
            let tencent = try await app.key(.company, party: "tencent")
            #expect(try await app.get("/v1/outputs/under-agreement", key: tencent).status == .ok)
            let hidden = try await app.get("/v1/outputs/hkstp-only", key: tencent)
            #expect(hidden.status == .notFound)
            #expect(hidden.code == "not-found")
        }
    }

    @Test func oneOutputShowsItsContributorsStatusAndReviewWindow() async throws {
        try await APITestApp.run("out_get") { app in
            let story = try await OutputStory.make(app)
            try await story.validated("paper", doi: "10.5555/mi-lab.2019.001")
            let tencent = try await app.key(.company, party: "tencent")
            try await OutputStory.expectDone(story.act("paper", "review-requests", key: tencent, json: #"{"requestedOn":"2019-09-11"}"#))
            let cleared = try await story.act("paper", "review-clearances", key: tencent, json: #"{"reviewer":"tencent","clearedOn":"2019-09-20"}"#)
            let position = try #require(cleared.position)
            let requested = try await app.get("/v1/outputs/paper", key: tencent, headers: [HTTPField.Name("LabLedger-Position")!: position])
            #expect(requested.status == .ok, "\(requested.text)")
            #expect(OutputStory.etag(requested) == "\"5\"")
            let output = requested.json
            #expect(output["output"] as? String == "paper")
            #expect(output["lab"] as? String == OutputStory.lab)
            #expect(output["kind"] as? String == "paper")
            #expect(output["doi"] as? String == "10.5555/mi-lab.2019.001")
            #expect(output["status"] as? String == "validated")
            #expect(output["validation"] as? String == "validated")
            #expect(output["validatedBy"] as? String == "cuhk-shenzhen")
            #expect(output["submittedOn"] as? String == "2019-09-05")
            #expect(output["version"] as? Int == 5)
            let contributors = try #require(output["contributors"] as? [[String: Any]])
            #expect(contributors.compactMap { $0["orcid"] as? String } == [OutputStory.orcid, OutputStory.otherOrcid])
            #expect(contributors.first?["creditRoles"] as? [String] == ["conceptualization", "methodology"])
            let review = try #require(output["review"] as? [String: Any])
            #expect(review["state"] as? String == "cleared")
            #expect(review["requestedOn"] as? String == "2019-09-11")
            #expect(review["windowEndsOn"] as? String == "2019-10-11")
            #expect(review["clearedOn"] as? String == "2019-09-20")
            #expect(review["clearsOn"] as? String == "2019-09-20")
            #expect((review["reviewers"] as? [[String: Any]])?.first?["party"] as? String == "tencent")
            #expect((review["reviewers"] as? [[String: Any]])?.first?["clearedOn"] as? String == "2019-09-20")

            #expect(try await app.get("/v1/outputs/paper", key: app.key(.company, party: "jd")).status == .notFound)
            #expect(try await app.get("/v1/outputs/nothing-here", key: app.key(.auditor)).status == .notFound)
            #expect(try await app.get("/v1/outputs/Not%20A%20Slug", key: app.key(.auditor)).pointers == ["#path/outputId"])
        }
    }
}
