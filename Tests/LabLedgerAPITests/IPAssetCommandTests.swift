import Foundation
import HTTPTypes
import Testing

/// Disclosure, ownership, options and patents of IP assets through the API: who may run each
/// command, what it writes, and the refusals a handler can reach.
@Suite struct IPAssetCommandTests {
    @Test func aUniversityOfTheAgreementDisclosesAnInventionAndStartsTheAssetStream() async throws {
        try await APITestApp.run("ip_disclose", workers: false) { app in
            let story = try await IPAssetStory.begin(app, disclosed: false)
            let cuhk = try await app.key(.university, party: "cuhk-shenzhen")
            let response = try await story.disclose(key: cuhk)
            #expect(response.status == .created, "\(response.text)")
            #expect(response.etag == "\"1\"")
            #expect(response.headers[.location] == "/v1/ip-assets/mi-lab-2019-001")
            #expect(response.json["stream"] as? String == "ipasset-mi-lab-2019-001")
            #expect(response.eventTypes == ["InventionDisclosed"])
            #expect(try await story.disclose().code == "ipasset.already-disclosed")
        }
    }

    @Test func disclosureListsEveryInvalidField() async throws {
        try await APITestApp.run("ip_disclose_invalid", workers: false) { app in
            let admin = try await app.admin()
            let response = try await app.post("/v1/labs/Bad%20Lab/ip-assets", key: admin, json: """
                {"asset": "Not A Slug", "agreement": "tencent-cuhksz-2018", "title": "T",
                 "inventors": [{"orcid": "0000-0002-1825-0098", "shareBasisPoints": 20000}], "fromOutputs": ["ok-output", "BAD!"],
                 "disclosedOn": "2019-02-30"}
                """)
            #expect(response.status == .badRequest)
            #expect(Set(response.pointers) == [
                "#path/labId", "/asset", "/inventors/0/orcid", "/inventors/0/shareBasisPoints", "/fromOutputs/1", "/disclosedOn",
            ])
            #expect(try await app.database.count() == 0)
        }
    }

    @Test func disclosureCitingAnUnregisteredOutputIsRefused() async throws {
        try await APITestApp.run("ip_disclose_output", workers: false) { app in
            let story = try await IPAssetStory.begin(app, disclosed: false)
            let response = try await app.post("/v1/labs/\(story.lab)/ip-assets", key: story.admin, json: """
                {"asset": "mi-lab-2019-002", "agreement": "\(story.agreement)", "title": "Sparse attention for long documents",
                 "inventors": [{"orcid": "0000-0002-1825-0097", "shareBasisPoints": 10000}], "fromOutputs": ["mi-lab-paper-2019-099"],
                 "disclosedOn": "2019-03-18"}
                """)
            #expect(response.status == .unprocessableContent)
            #expect(response.code == "ipasset.output-unknown")
        }
    }

    @Test func onlyUniversitiesOfTheAgreementAndKeepersDisclose() async throws {
        try await APITestApp.run("ip_disclose_access", workers: false) { app in
            let story = try await IPAssetStory.begin(app, disclosed: false)
            try story.expectOK(try await app.post("/v1/parties", key: story.admin, json: IPAssetStory.party("hkust", "HKUST", "university")))
            let outsider = try await app.key(.university, party: "hkust")
            #expect(try await story.disclose(key: outsider).status == .notFound)
            #expect(try await story.disclose(key: try await app.key(.company, party: "tencent")).status == .forbidden)
            #expect(try await story.disclose(key: try await app.key(.auditor)).status == .forbidden)
        }
    }

    @Test func ownershipIsDeterminedAmongThePartiesToTheAgreement() async throws {
        try await APITestApp.run("ip_ownership", workers: false) { app in
            let story = try await IPAssetStory.begin(app, owned: false)
            let outsider = try await story.command("ownership", """
                {"owners": [{"party": "jd", "shareBasisPoints": 5000}, {"party": "tencent", "shareBasisPoints": 5000}], "determinedOn": "2019-04-02"}
                """)
            #expect(outsider.code == "ipasset.owner-not-a-party")
            let short = try await story.command("ownership", """
                {"owners": [{"party": "cuhk-shenzhen", "shareBasisPoints": 5000}, {"party": "tencent", "shareBasisPoints": 4000}], "determinedOn": "2019-04-02"}
                """)
            #expect(short.code == "ipasset.owner-shares-must-total-100-percent")
            let invalid = try await story.command("ownership", """
                {"owners": [{"party": "Tencent!", "shareBasisPoints": 5000}, {"party": "tencent", "shareBasisPoints": -1}], "determinedOn": "soon"}
                """)
            #expect(Set(invalid.pointers) == ["/owners/0/party", "/owners/1/shareBasisPoints", "/determinedOn"])
            let body = """
                {"owners": [{"party": "cuhk-shenzhen", "shareBasisPoints": 5000}, {"party": "tencent", "shareBasisPoints": 5000}], "determinedOn": "2019-04-02"}
                """
            #expect(try await story.command("ownership", body, key: try await app.key(.university, party: "cuhk-shenzhen")).status == .forbidden)
            #expect(try await story.command("ownership", body, headers: [.ifMatch: "\"7\""]).status == .preconditionFailed)
            let determined = try await story.command("ownership", body, headers: [.ifMatch: "\"1\""])
            #expect(determined.status == .ok, "\(determined.text)")
            #expect(determined.etag == "\"2\"")
            #expect(determined.eventTypes == ["OwnershipDetermined"])
            #expect(try await app.post("/v1/ip-assets/no-such-asset/ownership", key: story.admin, json: body).status == .notFound)
        }
    }

    @Test func theSponsorAloneExercisesOrDeclinesItsOption() async throws {
        try await APITestApp.run("ip_options", workers: false) { app in
            let story = try await IPAssetStory.begin(app)
            let granted = try await story.command("options", """
                {"sponsor": "tencent", "fields": ["speech recognition"], "grantedOn": "2019-04-10", "expiresOn": "2019-09-30"}
                """)
            #expect(granted.eventTypes == ["OptionGranted"], "\(granted.text)")
            #expect(granted.json["option"] as? Int == 1)
            let tooLong = try await story.command("options", """
                {"sponsor": "tencent", "fields": ["machine-translation"], "grantedOn": "2019-04-10", "expiresOn": "2020-09-30"}
                """)
            #expect(tooLong.code == "ipasset.option-longer-than-agreement-allows")
            #expect(try await story.command("options", """
                {"sponsor": "tencent", "fields": ["bad/field"], "grantedOn": "2019-04-10", "expiresOn": "x"}
                """).pointers.sorted() == ["/expiresOn", "/fields/0"])
            #expect(try await story.command("options", """
                {"sponsor": "tencent", "fields": ["ocr"], "grantedOn": "2019-04-10", "expiresOn": "2019-09-30"}
                """, key: try await app.key(.company, party: "tencent")).status == .forbidden)

            let tencent = try await app.key(.company, party: "tencent")
            let asJD = try await story.command("options/1/exercise", #"{"by": "jd", "exercisedOn": "2019-06-01"}"#, key: tencent)
            #expect(asJD.status == .forbidden)
            let jd = try await app.key(.company, party: "jd")
            #expect(try await story.command("options/1/exercise", #"{"by": "jd", "exercisedOn": "2019-06-01"}"#, key: jd).status == .notFound)
            let cuhk = try await app.key(.university, party: "cuhk-shenzhen")
            #expect(try await story.command("options/1/exercise", #"{"by": "tencent", "exercisedOn": "2019-06-01"}"#, key: cuhk).status == .forbidden)
            #expect(try await story.command("options/1/exercise", #"{"by": "cuhk-shenzhen", "exercisedOn": "2019-06-01"}"#).code
                == "ipasset.not-the-option-holder")
            #expect(try await story.command("options/1/lapse", #"{"lapsedOn": "2019-06-01"}"#).code == "ipasset.option-not-yet-expired")
            #expect(try await story.command("options/1/exercise", #"{"by": "tencent", "exercisedOn": "2019-06-01"}"#, key: tencent,
                headers: [.ifMatch: "\"1\""]).status == .preconditionFailed)
            let exercised = try await story.command("options/1/exercise", #"{"by": "tencent", "exercisedOn": "2019-06-01"}"#, key: tencent)
            #expect(exercised.status == .ok, "\(exercised.text)")
            #expect(exercised.eventTypes == ["OptionExercised"])
            #expect(try await story.command("options/1/decline", #"{"by": "tencent", "declinedOn": "2019-06-02"}"#, key: tencent).code
                == "ipasset.option-not-open")

            // The answer numbers the option, the same when the request is retried with its key.
            let ocr = #"{"sponsor": "tencent", "fields": ["ocr"], "grantedOn": "2019-04-10", "expiresOn": "2019-09-30"}"#
            let second = try await story.command("options", ocr, headers: [.init("Idempotency-Key")!: "ocr-option"])
            #expect(second.json["option"] as? Int == 2, "\(second.text)")
            let retried = try await story.command("options", ocr, headers: [.init("Idempotency-Key")!: "ocr-option"])
            #expect(retried.json["option"] as? Int == 2)
            #expect(retried.json["position"] as? String == second.json["position"] as? String)
            let declined = try await story.command("options/2/decline", #"{"by": "tencent", "declinedOn": "2019-05-01"}"#, key: tencent)
            #expect(declined.eventTypes == ["OptionDeclined"], "\(declined.text)")
            _ = try await story.command("options", #"{"sponsor": "tencent", "fields": ["robotics"], "grantedOn": "2019-04-10", "expiresOn": "2019-09-30"}"#)
            #expect(try await story.command("options/3/lapse", #"{"lapsedOn": "2019-09-30"}"#, key: tencent).status == .forbidden)
            #expect(try await story.command("options/3/lapse", #"{"lapsedOn": "2019-09-30"}"#).eventTypes == ["OptionLapsed"])
        }
    }

    @Test func anOwnersUniversityRecordsFilingGrantAndLapse() async throws {
        try await APITestApp.run("ip_patents", workers: false) { app in
            let story = try await IPAssetStory.begin(app)
            let cuhk = try await app.key(.university, party: "cuhk-shenzhen")
            #expect(try await story.command("patent-applications/CN201910234567.8/grant", #"{"patentNumber": "CN110459208B", "grantedOn": "2021-08-24"}"#,
                key: cuhk).code == "ipasset.application-not-filed")
            let invalid = try await story.command("patent-applications", #"{"office": "XX", "applicationNumber": "CN110459208B", "filedOn": "2019-05-06"}"#, key: cuhk)
            #expect(invalid.pointers.sorted() == ["/applicationNumber", "/office"])
            let filing = #"{"office": "CN", "applicationNumber": "CN201910234567.8", "filedOn": "2019-05-06"}"#
            #expect(try await story.command("patent-applications", filing, key: try await app.key(.company, party: "tencent")).status == .forbidden)
            try story.expectOK(try await app.post("/v1/parties", key: story.admin, json: IPAssetStory.party("hkust", "HKUST", "university")))
            #expect(try await story.command("patent-applications", filing, key: try await app.key(.university, party: "hkust")).status == .notFound)
            let filed = try await story.command("patent-applications", filing, key: cuhk)
            #expect(filed.eventTypes == ["PatentApplicationFiled"], "\(filed.text)")
            #expect(try await story.command("patent-applications", filing, key: cuhk).code == "ipasset.duplicate-application")
            let granted = try await story.command("patent-applications/CN201910234567.8/grant", #"{"patentNumber": "CN110459208B", "grantedOn": "2021-08-24"}"#, key: cuhk)
            #expect(granted.eventTypes == ["PatentGranted"], "\(granted.text)")
            #expect(try await story.command("patents/CN110459208/lapse", #"{"lapsedOn": "2027-08-24", "reason": "Fee"}"#, key: cuhk).pointers
                == ["#path/patentNumber"])
            let lapsed = try await story.command("patents/CN110459208B/lapse", #"{"lapsedOn": "2027-08-24", "reason": "Annual fee not paid."}"#, key: cuhk)
            #expect(lapsed.eventTypes == ["PatentLapsed"], "\(lapsed.text)")
        }
    }

    @Test func anOwnerTransfersOnlyItsOwnShare() async throws {
        try await APITestApp.run("ip_transfer", workers: false) { app in
            let story = try await IPAssetStory.begin(app)
            let tencent = try await app.key(.company, party: "tencent")
            let body = #"{"from": "tencent", "to": "cuhk-shenzhen", "shareBasisPoints": 1000, "transferredOn": "2021-01-15"}"#
            #expect(try await story.command("ownership-transfers", body, key: try await app.key(.company, party: "alibaba")).status == .notFound)
            #expect(try await story.command("ownership-transfers", body, key: try await app.key(.university, party: "cuhk-shenzhen")).status == .forbidden)
            #expect(try await story.command("ownership-transfers",
                #"{"from": "tencent", "to": "jd", "shareBasisPoints": 6000, "transferredOn": "2021-01-15"}"#, key: tencent).code
                == "ipasset.transfer-exceeds-holding")
            let moved = try await story.command("ownership-transfers", body, key: tencent)
            #expect(moved.status == .ok, "\(moved.text)")
            #expect(moved.eventTypes == ["OwnershipTransferred"])
        }
    }
}
