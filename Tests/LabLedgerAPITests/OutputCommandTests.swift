import Foundation
import HTTPTypes
import Testing

/// Research-output commands through the API: registration with its atomic DOI claim, the
/// validation and publication-review lifecycle, who may run each command, and 400/404/412/422.
@Suite struct OutputCommandTests {
    static let doi = "10.5555/mi-lab.2019.001"
    /// `doi-` + SHA-256 of the normalized DOI.
    static let doiClaim = "doi-ccb8e6a3b2e554165271b868bdc62ebb2cbebc2588cd6c0e347d27ca0de2be6c"
    static let otherDOI = "10.5555/mi-lab.2019.002"

    @Test func registeringAnOutputStartsItsStreamAndClaimsItsDOI() async throws {
        try await APITestApp.run("out_register", workers: false) { app in
            let story = try await OutputStory.make(app)
            let response = try await story.register("mi-paper-1", doi: "https://doi.org/10.5555/MI-LAB.2019.001")
            #expect(response.status == .created, "\(response.text)")
            #expect(OutputStory.etag(response) == "\"1\"")
            #expect(OutputStory.header(response, .location) == "/v1/outputs/mi-paper-1")
            #expect(response.json["stream"] as? String == "output-mi-paper-1")
            // The answer names every event of the transaction, the claim included, and its token
            // is the claim's (the transaction's last event), so a read with it sees both.
            #expect(OutputStory.eventTypes(response) == ["OutputRegistered", "DOIRegistered"])
            let written = try #require(response.json["events"] as? [[String: Any]])
            #expect(written.map { $0["stream"] as? String } == ["output-mi-paper-1", Self.doiClaim])
            #expect(written.map { $0["version"] as? Int } == [1, 1])
            let claimPosition = try #require(written.last?["position"] as? Int)
            #expect((response.json["position"] as? String)?.hasSuffix(".\(claimPosition)") == true)
            #expect(OutputStory.header(response, .init("LabLedger-Position")!) == response.json["position"] as? String)
            let registered = try #require(try await story.events("output-mi-paper-1").first)
            #expect(registered.data["doi"] as? String == "10.5555/MI-LAB.2019.001")
            #expect((registered.data["contributors"] as? [[String: Any]])?.last?["creditRoles"] as? [String] == ["writing-review-editing"])
            let claim = try await story.events(Self.doiClaim)
            #expect(claim.map(\.type) == ["DOIRegistered"])
            #expect(claim.first?.data["doi"] as? String == Self.doi)
            #expect(claim.first?.data["output"] as? String == "mi-paper-1")
        }
    }

    @Test func registrationListsEveryInvalidFieldAtOnce() async throws {
        try await APITestApp.run("out_register_400", workers: false) { app in
            let story = try await OutputStory.make(app)
            let body = """
                {"output":"Not A Slug","kind":"paper","title":"T","doi":"11.1/x","date":"2019-13-01","affiliations":["cuhk-shenzhen","Bad Party"],
                 "agreement":"tencent-cuhksz-2018",
                 "contributors":[{"orcid":"0000-0002-1825-0098","creditRoles":["conceptualization","dancing"]}]}
                """
            let response = try await app.post("/v1/labs/\(OutputStory.lab)/outputs", key: story.admin, json: body)
            #expect(response.status == .badRequest)
            #expect(Set(response.pointers) == [
                "/output", "/doi", "/date", "/affiliations/1", "/contributors/0/orcid", "/contributors/0/creditRoles/1",
            ])
            #expect(try await story.events("output-not-a-slug").isEmpty)
        }
    }

    @Test func registrationIsRefusedByTheDomainRules() async throws {
        try await APITestApp.run("out_register_422", workers: false) { app in
            let story = try await OutputStory.make(app)
            let unknownLab = try await app.post(
                "/v1/labs/no-such-lab/outputs", key: story.admin, json: OutputStory.registration("p1", agreement: nil))
            #expect(unknownLab.code == "output.lab-not-founded")
            #expect(try await story.register("p2", agreement: "no-such-agreement").code == "output.agreement-unknown")
            #expect(try await story.register("p3", affiliations: ["cuhk-shenzhen", "nobody"]).code == "output.party-not-registered")
            let noContributors = try await app.post("/v1/labs/\(OutputStory.lab)/outputs", key: story.admin, json: """
                {"output":"p4","kind":"dataset","title":"MI Dialogue Corpus","date":"2019-09-04","affiliations":["cuhk-shenzhen"],"contributors":[]}
                """)
            #expect(noContributors.status == .unprocessableContent)
            #expect(noContributors.code == "output.contributors-required")
            #expect(try await story.register("p5").status == .created)
            #expect(try await story.register("p5").code == "output.already-registered")
        }
    }

    @Test func universitiesRegisterOnlyOutputsAffiliatedWithTheirParty() async throws {
        try await APITestApp.run("out_register_auth", workers: false) { app in
            let story = try await OutputStory.make(app)
            let cuhk = try await app.key(.university, party: "cuhk-shenzhen")
            #expect(try await story.register("ours", key: cuhk, affiliations: ["cuhk-shenzhen"]).status == .created)
            let other = try await app.key(.university, party: "hkstp")
            #expect(try await story.register("not-ours", key: other).status == .forbidden)
            #expect(try await story.register("by-company", key: app.key(.company, party: "tencent")).status == .forbidden)
            #expect(try await story.register("by-auditor", key: app.key(.auditor)).status == .forbidden)
            #expect(try await story.events("output-not-ours").isEmpty)
        }
    }

    @Test func aDOIIsRegisteredToOneOutputEvenWhenTwoRegistrationsRace() async throws {
        try await APITestApp.run("out_doi_race", workers: false) { app in
            let story = try await OutputStory.make(app)
            for round in 0..<3 {
                let doi = "10.5555/race.\(round)"
                async let first = story.register("race-\(round)-a", doi: doi)
                async let second = story.register("race-\(round)-b", doi: doi.uppercased())
                var answers = [try await first, try await second]
                // A registration that loses at append is decided again and sees the DOI taken;
                // if it kept losing it answers 409, and a retry must then be refused.
                for index in answers.indices where answers[index].status == .conflict {
                    answers[index] = try await story.register("race-\(round)-\(index == 0 ? "a" : "b")", doi: doi)
                }
                #expect(answers.filter { $0.status == .created }.count == 1, "\(answers.map(\.text))")
                let refused = try #require(answers.first { $0.status != .created })
                #expect(refused.status == .unprocessableContent)
                #expect(refused.code == "output.doi-already-registered")
            }
            #expect(try await story.register("later", doi: "doi:10.5555/RACE.0").code == "output.doi-already-registered")
        }
    }

    @Test func aCorrectedDOIIsClaimedAndTheOldOneReleased() async throws {
        try await APITestApp.run("out_doi_correct", workers: false) { app in
            let story = try await OutputStory.make(app)
            try await OutputStory.expectDone(story.register("paper-a", doi: Self.doi))
            try await OutputStory.expectDone(story.register("paper-b", doi: "10.5555/b"))
            let taken = try await story.act("paper-a", "corrections", json: #"{"reason":"Wrong DOI.","correctedOn":"2019-09-06","doi":"10.5555/B"}"#)
            #expect(taken.code == "output.doi-already-registered")
            let sameInOtherCase = try await story.act(
                "paper-a", "corrections", json: #"{"reason":"Publisher spelling.","correctedOn":"2019-09-06","doi":"10.5555/MI-LAB.2019.001"}"#)
            #expect(sameInOtherCase.status == .ok, "\(sameInOtherCase.text)")
            #expect(try await story.events(Self.doiClaim).map(\.type) == ["DOIRegistered"])
            let moved = try await story.act("paper-a", "corrections", json: """
                {"reason":"The DOI had a transposed digit.","correctedOn":"2019-09-07","doi":"\(Self.otherDOI)"}
                """)
            #expect(moved.status == .ok, "\(moved.text)")
            // The answer lists the new DOI's claim and the old one's release with the correction.
            #expect(OutputStory.eventTypes(moved) == ["OutputCorrected", "DOIRegistered", "DOIReleased"])
            #expect(try await story.events(Self.doiClaim).map(\.type) == ["DOIRegistered", "DOIReleased"])
            // The released DOI is free for the output that really has it; the new one is taken.
            #expect(try await story.register("paper-c", doi: Self.doi).status == .created)
            #expect(try await story.events(Self.doiClaim).map(\.type) == ["DOIRegistered", "DOIReleased", "DOIRegistered"])
            #expect(try await story.register("paper-d", doi: Self.otherDOI).code == "output.doi-already-registered")
        }
    }

    @Test func anOutputGoesThroughValidationReviewAndPublication() async throws {
        try await APITestApp.run("out_lifecycle", workers: false) { app in
            let story = try await OutputStory.make(app)
            let cuhk = try await app.key(.university, party: "cuhk-shenzhen")
            let tencent = try await app.key(.company, party: "tencent")
            try await OutputStory.expectDone(story.register("paper", doi: Self.doi, key: cuhk))
            let submitted = try await story.act("paper", "submissions", key: cuhk, json: #"{"submittedOn":"2019-09-05"}"#)
            #expect(submitted.status == .ok)
            #expect(OutputStory.etag(submitted) == "\"2\"")
            #expect(OutputStory.eventTypes(submitted) == ["OutputSubmittedForValidation"])
            let validated = try await story.act("paper", "validations", key: cuhk, json: #"{"validatedBy":"cuhk-shenzhen","validatedOn":"2019-09-10"}"#)
            #expect(OutputStory.eventTypes(validated) == ["OutputValidated"])
            let early = try await story.act("paper", "publication", key: cuhk, json: #"{"publishedOn":"2019-09-12","venue":"NeurIPS 2019"}"#)
            #expect(early.code == "output.publication-review-required")
            let requested = try await story.act("paper", "review-requests", key: tencent, json: #"{"requestedOn":"2019-09-11"}"#)
            #expect(OutputStory.eventTypes(requested) == ["PublicationReviewRequested"])
            let waiting = try await story.act("paper", "publication", key: cuhk, json: #"{"publishedOn":"2019-09-12","venue":"NeurIPS 2019"}"#)
            #expect(waiting.code == "output.publication-review-window-open")
            let cleared = try await story.act("paper", "review-clearances", key: tencent, json: #"{"reviewer":"tencent","clearedOn":"2019-09-20"}"#)
            #expect(OutputStory.eventTypes(cleared) == ["PublicationReviewCleared"])
            #expect(try await story.act("paper", "review-clearances", json: #"{"reviewer":"tencent","clearedOn":"2019-09-21"}"#).code
                == "output.review-already-cleared")
            let published = try await story.act("paper", "publication", key: cuhk, json: #"{"publishedOn":"2019-12-08","venue":"NeurIPS 2019"}"#)
            #expect(published.status == .ok, "\(published.text)")
            #expect(OutputStory.eventTypes(published) == ["OutputPublished"])
            let withdrawn = try await story.act("paper", "withdrawal", key: cuhk, json: #"{"reason":"Superseded by the journal version.","withdrawnOn":"2020-03-02"}"#)
            #expect(OutputStory.etag(withdrawn) == "\"7\"")
            #expect(OutputStory.eventTypes(withdrawn) == ["OutputWithdrawn"])
            #expect(try await story.act("paper", "submissions", key: cuhk, json: #"{"submittedOn":"2020-03-03"}"#).code == "output.withdrawn")
            #expect(try await story.events("output-paper").map(\.type) == [
                "OutputRegistered", "OutputSubmittedForValidation", "OutputValidated", "PublicationReviewRequested",
                "PublicationReviewCleared", "OutputPublished", "OutputWithdrawn",
            ])
        }
    }

    @Test func validationNeedsASubmittedOutputAndALabMember() async throws {
        try await APITestApp.run("out_validate", workers: false) { app in
            let story = try await OutputStory.make(app)
            try await OutputStory.expectDone(story.register("paper"))
            #expect(try await story.act("paper", "validations", json: #"{"validatedBy":"cuhk-shenzhen","validatedOn":"2019-09-10"}"#).code
                == "output.not-submitted")
            try await OutputStory.expectDone(story.act("paper", "submissions", json: #"{"submittedOn":"2019-09-05"}"#))
            #expect(try await story.act("paper", "submissions", json: #"{"submittedOn":"2019-09-05"}"#).code == "output.already-submitted")
            #expect(try await story.act("paper", "validations", json: #"{"validatedBy":"jd","validatedOn":"2019-09-10"}"#).code
                == "output.validator-not-a-lab-member")
            let cuhk = try await app.key(.university, party: "cuhk-shenzhen")
            let asTencent = try await story.act("paper", "validations", key: cuhk, json: #"{"validatedBy":"tencent","validatedOn":"2019-09-10"}"#)
            #expect(asTencent.status == .forbidden)
            let invalid = try await story.act("paper", "validations", json: #"{"validatedBy":"Not A Party","validatedOn":"10/09/2019"}"#)
            #expect(Set(invalid.pointers) == ["/validatedBy", "/validatedOn"])
            #expect(try await story.act("paper", "submissions", key: app.key(.company, party: "tencent"), json: #"{"submittedOn":"2019-09-05"}"#)
                .status == .forbidden)
            #expect(try await story.act("paper", "validations", key: app.key(.auditor), json: #"{"validatedBy":"cuhk-shenzhen","validatedOn":"2019-09-10"}"#)
                .status == .forbidden)
        }
    }

    @Test func aCorrectionAfterValidationNeedsRevalidationBeforePublication() async throws {
        try await APITestApp.run("out_correct", workers: false) { app in
            let story = try await OutputStory.make(app, reviewDays: 0)
            try await story.validated("paper")
            let invalid = try await story.act("paper", "corrections", json: """
                {"reason":"r","correctedOn":"yesterday","doi":"doi:nope","contributors":[{"orcid":"123","creditRoles":["methodology"]}],"affiliations":["OK?"]}
                """)
            #expect(invalid.status == .badRequest)
            #expect(Set(invalid.pointers) == ["/correctedOn", "/doi", "/contributors/0/orcid", "/affiliations/0"])
            #expect(try await story.act("paper", "corrections", json: #"{"reason":"Nothing.","correctedOn":"2019-09-11"}"#).code
                == "output.correction-changes-nothing")
            let corrected = try await story.act("paper", "corrections", json: """
                {"reason":"A contributor was missing.","correctedOn":"2019-09-11","title":"Grounded Dialogue","affiliations":["cuhk-shenzhen"],
                 "contributors":[{"orcid":"\(OutputStory.orcid)","creditRoles":["methodology"]},{"orcid":"0000-0002-9079-593X","creditRoles":["software"]}]}
                """)
            #expect(corrected.status == .ok, "\(corrected.text)")
            let event = try #require(try await story.events("output-paper").last)
            #expect(event.data["revalidationRequired"] as? Bool == true)
            #expect(event.data["affiliations"] as? [String] == ["cuhk-shenzhen"])
            #expect(try await story.act("paper", "publication", json: #"{"publishedOn":"2019-12-08","venue":"NeurIPS 2019"}"#).code
                == "output.revalidation-required")
            // CUHK-Shenzhen may not drop itself from an output it corrects.
            let cuhk = try await app.key(.university, party: "cuhk-shenzhen")
            let dropsItself = try await story.act("paper", "corrections", key: cuhk, json: #"{"reason":"r","correctedOn":"2019-09-12","affiliations":["tencent"]}"#)
            #expect(dropsItself.status == .forbidden)
        }
    }

    @Test func onlyTheAgreementsSponsorAsksForAndClearsAPublicationReview() async throws {
        try await APITestApp.run("out_review_auth", workers: false) { app in
            let story = try await OutputStory.make(app)
            try await story.validated("paper")
            try await story.validated("solo", agreement: nil)
            let cuhk = try await app.key(.university, party: "cuhk-shenzhen")
            let tencent = try await app.key(.company, party: "tencent")
            let jd = try await app.key(.company, party: "jd")
            let body = #"{"requestedOn":"2019-09-11"}"#
            #expect(try await story.act("paper", "review-requests", key: cuhk, json: body).status == .forbidden)
            let stranger = try await story.act("paper", "review-requests", key: jd, json: body)
            #expect(stranger.status == .notFound)
            #expect(stranger.code == "not-found")
            #expect(try await story.act("solo", "review-requests", key: tencent, json: body).status == .notFound)
            #expect(try await story.act("solo", "review-requests", json: body).code == "output.no-agreement")
            #expect(try await story.act("paper", "review-clearances", key: tencent, json: #"{"reviewer":"tencent","clearedOn":"2019-09-20"}"#).code
                == "output.no-publication-review-requested")
            #expect(try await story.act("paper", "review-requests", key: tencent, json: #"{"requestedOn":"11 Sep"}"#).pointers == ["/requestedOn"])
            try await OutputStory.expectDone(story.act("paper", "review-requests", key: tencent, json: body))
            #expect(try await story.act("paper", "review-requests", json: body).code == "output.publication-review-already-requested")
            let asCUHK = try await story.act("paper", "review-clearances", key: tencent, json: #"{"reviewer":"cuhk-shenzhen","clearedOn":"2019-09-20"}"#)
            #expect(asCUHK.status == .forbidden)
            #expect(try await story.act("paper", "review-clearances", key: jd, json: #"{"reviewer":"jd","clearedOn":"2019-09-20"}"#).status == .notFound)
            #expect(try await story.act("paper", "review-clearances", json: #"{"reviewer":"cuhk-shenzhen","clearedOn":"2019-09-20"}"#).code
                == "output.not-a-reviewer")
            #expect(try await story.act("paper", "review-clearances", key: cuhk, json: #"{"reviewer":"tencent","clearedOn":"2019-09-20"}"#)
                .status == .forbidden)
        }
    }

    @Test func anotherPartysOutputIsNotFoundAndAStaleIfMatchIsRefused() async throws {
        try await APITestApp.run("out_404_412", workers: false) { app in
            let story = try await OutputStory.make(app)
            try await OutputStory.expectDone(story.register("paper"))
            let hkstp = try await app.key(.university, party: "hkstp")
            for (action, body) in [
                ("submissions", #"{"submittedOn":"2019-09-05"}"#), ("corrections", #"{"reason":"r","correctedOn":"2019-09-06","title":"X"}"#),
                ("publication", #"{"publishedOn":"2019-12-08","venue":"NeurIPS"}"#), ("withdrawal", #"{"reason":"r","withdrawnOn":"2019-09-06"}"#),
                ("validations", #"{"validatedBy":"hkstp","validatedOn":"2019-09-10"}"#),
            ] {
                let response = try await story.act("paper", action, key: hkstp, json: body)
                #expect(response.status == .notFound, "\(action): \(response.text)")
            }
            #expect(try await story.act("missing", "submissions", json: #"{"submittedOn":"2019-09-05"}"#).status == .notFound)
            let stale = try await story.act("paper", "submissions", json: #"{"submittedOn":"2019-09-05"}"#, ifMatch: "\"2\"")
            #expect(stale.status == .preconditionFailed)
            #expect(OutputStory.etag(stale) == "\"1\"")
            let current = try await story.act("paper", "submissions", json: #"{"submittedOn":"2019-09-05"}"#, ifMatch: "\"1\"")
            #expect(OutputStory.etag(current) == "\"2\"")
            #expect(try await story.act("paper", "withdrawal", json: #"{"reason":" ","withdrawnOn":"2019-09-06"}"#).code == "output.reason-required")
            #expect(try await story.act("paper", "withdrawal", json: #"{"reason":"Duplicate.","withdrawnOn":"2019-01-01"}"#).code
                == "output.date-before-registration")
        }
    }
}
