import Foundation
import HTTPTypes
import Testing

/// The seeds' story recorded from an empty ledger through HTTP alone. The admin only registers
/// parties and issues keys; every later step is taken with the key of the party that would take
/// it: the lab's operator for the lab's books, each university and company for itself, and a
/// startup for its own application.
@Suite struct StoryThroughTheAPITests {
    let lab = "shenzhen-ai-lab"
    let agreement = "szai-charter-2018"
    let invention = "szai-2020-001"
    let offered = "szai-2020-002"

    /// Answers `response` when it has `status`; otherwise fails the story with the answer's body.
    @discardableResult
    func step(_ response: APIResponse, _ status: HTTPResponse.Status = .ok, _ what: String) throws -> APIResponse {
        guard response.status == status else {
            throw APITestError("\(what): expected \(status.code), got \(response.status.code): \(response.text)")
        }
        return response
    }

    /// A query sent after `command`, so it reads what the command wrote.
    func read(_ app: APITestApp, _ path: String, key: String, after command: APIResponse) async throws -> APIResponse {
        try await app.waitForReadModels(try #require(command.position))
        return try await app.get(path, key: key)
    }

    @Test func partiesRecordTheWholeStoryFromAnEmptyLedgerEachWithItsOwnKey() async throws {
        try await APITestApp.run("story_through_the_api") { app in
            // The admin registers the parties and issues the keys, and does nothing else.
            let admin = try await app.admin()
            let parties = [
                ("jd", "JD.com", "company", "CN"), ("cuhk-shenzhen", "The Chinese University of Hong Kong, Shenzhen", "university", "CN"),
                ("hkust", "The Hong Kong University of Science and Technology", "university", "HK"), ("alibaba", "Alibaba Group", "company", "CN"),
                ("deepvision-hk", "DeepVision HK", "startup", "HK"),
            ]
            for (id, name, kind, country) in parties {
                try step(await app.post("/v1/parties", key: admin, json: #"{"party": "\#(id)", "name": "\#(name)", "kind": "\#(kind)", "country": "\#(country)"}"#),
                    .created, "register \(id)")
            }
            let labOperator = try await app.key(.operator)
            let jd = try await app.key(.company, party: "jd")
            let cuhk = try await app.key(.university, party: "cuhk-shenzhen")
            let hkust = try await app.key(.university, party: "hkust")
            let alibaba = try await app.key(.company, party: "alibaba")
            let startup = try await app.key(.company, party: "deepvision-hk")

            // 1. The agreement that sets up the lab comes before the lab; its parties sign it;
            //    the operator founds the lab with what it is, and the agreement's people terms show.
            let drafted = try await app.post("/v1/labs/\(lab)/agreements", key: labOperator, json: """
                {"agreement": "\(agreement)", "title": "Shenzhen AI Joint Lab Agreement", "kind": "joint_lab_agreement",
                 "parties": [{"party": "jd", "role": "sponsor"}, {"party": "cuhk-shenzhen", "role": "university"}, {"party": "hkust", "role": "university"}],
                 "costShares": [{"party": "jd", "basisPoints": 10000}, {"party": "cuhk-shenzhen", "basisPoints": 0}, {"party": "hkust", "basisPoints": 0}],
                 "ipTerms": {"ownership": "joint", "sponsorOptionDays": 180, "publicationReviewDays": 30},
                 "term": {"from": "2018-06-15", "to": "2028-06-15"}, "draftedOn": "2018-06-01", "setsUpLab": true,
                 "peopleTerms": {"phdFunders": ["jd"], "degreeGrantors": ["cuhk-shenzhen", "hkust"], "internshipHosts": ["jd"],
                                 "recruitsPostdocs": true, "postdocRecruitmentScope": "worldwide"}}
                """)
            #expect(drafted.status == .created, "\(drafted.text)")
            #expect(drafted.eventTypes == ["AgreementDrafted"], "\(drafted.text)")
            for (party, key) in [("jd", jd), ("cuhk-shenzhen", cuhk), ("hkust", hkust)] {
                let signed = try await app.post("/v1/agreements/\(agreement)/signatures", key: key, json: MILab.signature(party: party, on: "2018-06-14"))
                #expect(signed.status == .ok, "\(party) signs: \(signed.text)")
            }
            let founded = try await app.post("/v1/labs", key: labOperator, json: """
                {"lab": "\(lab)", "name": "Shenzhen AI Joint Lab", "foundedOn": "2018-06-15",
                 "founders": [{"party": "jd", "role": "industry_partner"}, {"party": "cuhk-shenzhen", "role": "university"},
                              {"party": "hkust", "role": "university"}],
                 "profile": {"nonProfit": true, "financiallyIndependent": false, "operatingCostSharers": ["jd"]}}
                """)
            #expect(founded.status == .created, "\(founded.text)")
            let labRead = try await read(app, "/v1/labs/\(lab)", key: cuhk, after: founded)
            #expect(labRead.status == .ok, "\(labRead.text)")
            let profile = try #require(labRead.json["profile"] as? [String: Any], "\(labRead.text)")
            #expect(profile["nonProfit"] as? Bool == true)
            #expect(profile["financiallyIndependent"] as? Bool == false)
            #expect(profile["operatingCostSharers"] as? [String] == ["jd"])
            let charter = try await app.get("/v1/agreements/\(agreement)", key: hkust)
            #expect(charter.status == .ok, "\(charter.text)")
            #expect(charter.json["setsUpLab"] as? Bool == true)
            #expect(charter.json["status"] as? String == "executed")
            let people = try #require(charter.json["peopleTerms"] as? [String: Any], "\(charter.text)")
            #expect(people["phdFunders"] as? [String] == ["jd"])
            #expect(people["degreeGrantors"] as? [String] == ["cuhk-shenzhen", "hkust"])
            #expect(people["internshipsOffered"] as? Bool == true)
            #expect(people["recruitsPostdocs"] as? Bool == true)
            #expect(people["postdocRecruitmentScope"] as? String == "worldwide")

            // 2. Two universities co-own an invention; the sponsor's option is numbered in the
            //    grant's answer, and the sponsor exercises it by that number with its own key.
            let disclosed = try await app.post("/v1/labs/\(lab)/ip-assets", key: cuhk, json: """
                {"asset": "\(invention)", "agreement": "\(agreement)", "title": "Event-camera depth estimation",
                 "inventors": [{"orcid": "0000-0002-1825-0097", "shareBasisPoints": 10000}], "disclosedOn": "2020-03-02"}
                """)
            #expect(disclosed.status == .created || disclosed.status == .ok, "\(disclosed.text)")
            let owned = try await app.post("/v1/ip-assets/\(invention)/ownership", key: labOperator, json: """
                {"owners": [{"party": "cuhk-shenzhen", "shareBasisPoints": 5000}, {"party": "hkust", "shareBasisPoints": 5000}], "determinedOn": "2020-04-01"}
                """)
            #expect(owned.eventTypes == ["OwnershipDetermined"], "\(owned.text)")
            let option = try await app.post("/v1/ip-assets/\(invention)/options", key: labOperator, json: """
                {"sponsor": "jd", "fields": ["robotics"], "grantedOn": "2020-04-10", "expiresOn": "2020-09-30"}
                """)
            #expect(option.eventTypes == ["OptionGranted"], "\(option.text)")
            let number = try #require(option.json["option"] as? Int, "\(option.text)")
            #expect(number == 1)
            let exercised = try await app.post("/v1/ip-assets/\(invention)/options/\(number)/exercise", key: jd, json: #"{"by": "jd", "exercisedOn": "2020-06-01"}"#)
            #expect(exercised.status == .ok, "\(exercised.text)")
            #expect(exercised.eventTypes == ["OptionExercised"])

            // 3. An exclusive licence: one co-owner proposes, the other consents with its own key,
            //    and that last consent grants it.
            let proposed = try await app.post("/v1/ip-assets/\(invention)/licence-proposals", key: cuhk, json: """
                {"licence": "jd-depth-cn", "proposedBy": "cuhk-shenzhen", "licensee": "jd", "exclusivity": "exclusive", "fields": ["depth-estimation"],
                 "territories": ["CN", "HK"], "term": {"from": "2021-01-01", "to": "2027-01-01"}, "royalty": {"rateBasisPoints": 400},
                 "proposedOn": "2020-11-02", "expiresOn": "2021-01-01"}
                """)
            #expect(proposed.eventTypes == ["LicenceProposed"], "\(proposed.text)")
            let consented = try await app.post("/v1/ip-assets/\(invention)/licence-proposals/jd-depth-cn/consents", key: hkust,
                json: #"{"by": "hkust", "consentedOn": "2020-11-20"}"#)
            #expect(consented.status == .ok, "\(consented.text)")
            #expect(consented.eventTypes == ["LicenceConsentGiven", "LicenceGranted"])
            let licensed = try await read(app, "/v1/ip-assets/\(invention)", key: jd, after: consented)
            let licence = try #require((licensed.json["licences"] as? [[String: Any]])?.first, "\(licensed.text)")
            #expect(licence["licence"] as? String == "jd-depth-cn")
            #expect(licence["licensee"] as? String == "jd")
            #expect(licence["exclusivity"] as? String == "exclusive")
            #expect(licence["licensors"] as? [String] == ["cuhk-shenzhen"])
            #expect(licence["consents"] as? [String] == ["hkust"])
            #expect(licence["grantedOn"] as? String == "2020-11-20")

            // 4. An owner offers another invention with its own key; a company with no part in it
            //    finds it listed and asks availability, learning what blocks a slice but not who.
            try step(await app.post("/v1/labs/\(lab)/ip-assets", key: hkust, json: """
                {"asset": "\(offered)", "agreement": "\(agreement)", "title": "Tactile sensing for robot grasping",
                 "inventors": [{"orcid": "0000-0001-5109-3700", "shareBasisPoints": 10000}], "disclosedOn": "2020-07-01"}
                """), .created, "disclose the second invention")
            try step(await app.post("/v1/ip-assets/\(offered)/ownership", key: labOperator, json: """
                {"owners": [{"party": "cuhk-shenzhen", "shareBasisPoints": 5000}, {"party": "hkust", "shareBasisPoints": 5000}], "determinedOn": "2020-08-01"}
                """), .ok, "determine the second invention's ownership")
            try step(await app.post("/v1/ip-assets/\(offered)/options", key: labOperator, json: """
                {"sponsor": "jd", "fields": ["robotics"], "grantedOn": "2020-08-15", "expiresOn": "2021-02-01"}
                """), .ok, "grant an option on the second invention")
            let offer = try await app.post("/v1/ip-assets/\(offered)/licensing-offer", key: hkust, json: """
                {"offeredBy": "hkust", "fields": ["robotics", "speech-recognition"], "territories": ["WORLD"], "exclusivityOffered": true, "offeredOn": "2020-09-01"}
                """)
            #expect(offer.eventTypes == ["IPAssetOfferedForLicensing"], "\(offer.text)")
            let listed = try await read(app, "/v1/licensable-ip-assets", key: alibaba, after: offer)
            #expect(listed.status == .ok, "\(listed.text)")
            let items = try #require(listed.json["items"] as? [[String: Any]], "\(listed.text)")
            #expect(items.compactMap { $0["asset"] as? String } == [offered])
            #expect((items.first?["offer"] as? [String: Any])?["offeredBy"] as? String == "hkust")
            #expect(!listed.text.contains("shareBasisPoints") && !listed.text.contains("\"jd\""), "\(listed.text)")
            let availability = "/v1/ip-assets/\(offered)/availability?territory=CN&on=2020-10-01&field="
            let blocked = try await app.get(availability + "robotics", key: alibaba)
            #expect(blocked.status == .ok, "\(blocked.text)")
            #expect(blocked.json["available"] as? Bool == false)
            let reason = try #require((blocked.json["reasons"] as? [[String: Any]])?.first, "\(blocked.text)")
            #expect(reason["code"] as? String == "ipasset.option-open")
            #expect(reason["blockedBy"] as? String == "option")
            #expect(reason["until"] is String, "\(blocked.text)")
            #expect(!blocked.text.contains("jd"), "the option's sponsor is not the asker's business: \(blocked.text)")
            let free = try await app.get(availability + "speech-recognition", key: alibaba)
            #expect(free.status == .ok, "\(free.text)")
            #expect(free.json["available"] as? Bool == true)
            // The licensed invention is not on offer: to a company with no part in it, it does not exist.
            let notOnOffer = try await app.get("/v1/ip-assets/\(invention)/availability?territory=CN&on=2020-10-01&field=robotics", key: alibaba)
            #expect(notOnOffer.status == .notFound, "\(notOnOffer.text)")

            // 5. The operator opens a round; the startup applies with its own key and reads its own
            //    application, admission, benefit (a flat amount with a description) and mentor, who
            //    sits on the lab's advisory board.
            try step(await app.post("/v1/labs/\(lab)/advisory-board", key: labOperator, json: """
                {"advisor": "szai-advisor-01", "expertise": "Robotics; startup mentoring", "appointedOn": "2018-08-01", "person": {"name": "Prof. Board Member"}}
                """), .ok, "appoint an advisory board member")
            try step(await app.post("/v1/labs/\(lab)/rounds", key: labOperator, json: RoundStory.open("szai-2018-r1")), .created, "open the round")
            let round = "/v1/rounds/szai-2018-r1"
            let applied = try await app.post("\(round)/applications", key: startup, json: #"{"startup": "deepvision-hk", "appliedOn": "2018-09-12"}"#)
            #expect(applied.status == .ok, "\(applied.text)")
            #expect(applied.eventTypes.first == "StartupApplied", "\(applied.text)")
            try step(await app.post("\(round)/admissions", key: labOperator, json: #"{"startup": "deepvision-hk", "admittedOn": "2018-10-20"}"#), .ok, "admit")
            try step(await app.post("\(round)/benefits", key: labOperator, json: """
                {"startup": "deepvision-hk", "kind": "technical_support", "quantity": {"unit": "support_hours", "quantity": 120}, "provider": "jd",
                 "reference": "SZAI-R1-SUPPORT", "grantedOn": "2018-11-02", "description": "JD Explore engineers, on call"}
                """), .ok, "grant a benefit")
            let mentored = try await app.post("\(round)/mentors", key: labOperator, json: """
                {"startup": "deepvision-hk", "mentor": "szai-advisor-01", "assignedOn": "2018-11-05", "person": {"name": "Prof. Board Member"}}
                """)
            #expect(mentored.status == .ok, "\(mentored.text)")
            let own = try await read(app, round, key: startup, after: mentored)
            #expect(own.status == .ok, "\(own.text)")
            let application = try #require((own.json["startups"] as? [[String: Any]])?.first, "\(own.text)")
            #expect(application["startup"] as? String == "deepvision-hk")
            #expect(application["status"] as? String == "admitted")
            let benefit = try #require((own.json["benefits"] as? [[String: Any]])?.first, "\(own.text)")
            #expect(benefit["reference"] as? String == "SZAI-R1-SUPPORT")
            #expect((benefit["quantity"] as? [String: Any]).map { $0 as NSDictionary } == ["unit": "support_hours", "quantity": 120] as NSDictionary)
            #expect(benefit["description"] as? String == "JD Explore engineers, on call")
            let mentor = try #require((own.json["mentors"] as? [[String: Any]])?.first, "\(own.text)")
            #expect(mentor["mentor"] as? String == "szai-advisor-01")
            #expect(mentor["advisoryBoardMember"] as? Bool == true)
        }
    }
}
