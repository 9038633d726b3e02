import Foundation
import HTTPTypes
import Testing

/// A lab says what it is; an agreement says its people terms. Both are read back from the
/// directory, refused with 422 when they name a party they may not, and absent where never given.
@Suite struct LabProfileAndPeopleTermsTests {
    let labPath = "/v1/labs/\(MILab.lab)"
    let positionHeader = HTTPField.Name("LabLedger-Position")

    func get(_ app: APITestApp, _ path: String, after response: APIResponse, key: String) async throws -> APIResponse {
        let position = try #require(response.position)
        return try await app.get(path, key: key, headers: [try #require(positionHeader): position])
    }

    @Test func anOperatorRecordsAProfileLaterAndTheLabShowsIt() async throws {
        try await APITestApp.run("lab_profile_record") { app in
            let admin = try await app.admin()
            try await app.foundMILab(admin)
            let operatorKey = try await app.key(.operator)
            let recorded = try MILab.check(
                await app.post(
                    "\(labPath)/profile", key: operatorKey,
                    json: #"{"nonProfit": true, "financiallyIndependent": false, "operatingCostSharers": ["tencent"], "recordedOn": "2019-01-01"}"#),
                .ok)
            #expect(MILab.events(recorded) == ["LabProfileRecorded"])
            let after = try await get(app, labPath, after: recorded, key: admin)
            let profile = try #require(after.json["profile"] as? [String: Any])
            #expect(profile["nonProfit"] as? Bool == true)
            #expect(profile["financiallyIndependent"] as? Bool == false)
            #expect(profile["operatingCostSharers"] as? [String] == ["tencent"])
            #expect(after.etag == "\"2\"")
        }
    }

    @Test func aLabFoundedWithAProfileShowsIt() async throws {
        try await APITestApp.run("lab_profile_found") { app in
            let admin = try await app.admin()
            try await app.foundMILab(admin)
            let founded = try MILab.check(
                await app.post(
                    "/v1/labs", key: admin,
                    json: """
                        {"lab": "jd-cuhksz-ai-lab", "name": "JD / CUHK-Shenzhen AI Joint Lab", "foundedOn": "2018-06-15",
                         "founders": [{"party": "jd", "role": "industry_partner"}, {"party": "cuhk-shenzhen", "role": "university"}],
                         "profile": {"nonProfit": false, "financiallyIndependent": true, "operatingCostSharers": []}}
                        """),
                .created)
            let lab = try await get(app, "/v1/labs/jd-cuhksz-ai-lab", after: founded, key: admin)
            let profile = try #require(lab.json["profile"] as? [String: Any])
            #expect(profile["financiallyIndependent"] as? Bool == true)
            #expect(profile["operatingCostSharers"] as? [String] == [])
            // The MI lab, founded earlier without one, answers no profile.
            let without = try await get(app, labPath, after: founded, key: admin)
            #expect(without.status == .ok)
            #expect(without.json["profile"] == nil)
        }
    }

    @Test func aCostSharerThatIsNotAMemberIsRefused() async throws {
        try await APITestApp.run("lab_profile_refused", workers: false) { app in
            let admin = try await app.admin()
            try await app.foundMILab(admin)
            let outsider = try await app.post(
                "\(labPath)/profile", key: admin,
                json: #"{"nonProfit": true, "financiallyIndependent": false, "operatingCostSharers": ["jd"], "recordedOn": "2019-01-01"}"#)
            #expect(outsider.status == .unprocessableContent)
            #expect(outsider.code == "lab.cost-sharer-not-a-member")
            let atFounding = try await app.post(
                "/v1/labs", key: admin,
                json: """
                    {"lab": "jd-cuhksz-ai-lab", "name": "JD / CUHK-Shenzhen AI Joint Lab", "foundedOn": "2018-06-15",
                     "founders": [{"party": "jd", "role": "industry_partner"}, {"party": "cuhk-shenzhen", "role": "university"}],
                     "profile": {"nonProfit": true, "financiallyIndependent": false, "operatingCostSharers": ["tencent"]}}
                    """)
            #expect(atFounding.status == .unprocessableContent)
            #expect(atFounding.code == "lab.cost-sharer-not-a-member")
            let both = try await app.post(
                "\(labPath)/profile", key: admin,
                json: #"{"nonProfit": false, "financiallyIndependent": true, "operatingCostSharers": ["tencent"], "recordedOn": "2019-01-01"}"#)
            #expect(both.code == "lab.independent-lab-shares-costs")
            let university = try await app.post(
                "\(labPath)/profile", key: try await app.key(.university, party: "cuhk-shenzhen"),
                json: #"{"nonProfit": true, "financiallyIndependent": false, "operatingCostSharers": [], "recordedOn": "2019-01-01"}"#)
            #expect(university.status == .forbidden)
        }
    }

    @Test func theAgreementShowsItsPeopleTerms() async throws {
        try await APITestApp.run("agreement_people_terms") { app in
            let admin = try await app.admin()
            try await app.foundMILab(admin)
            let drafted = try MILab.check(
                await app.post(
                    "\(labPath)/agreements", key: admin,
                    json: MILab.draft(peopleTerms: """
                        {"phdFunders": ["tencent"], "degreeGrantors": ["cuhk-shenzhen"], "internshipHosts": ["tencent"],
                         "recruitsPostdocs": true, "postdocRecruitmentScope": "worldwide"}
                        """)),
                .created)
            let agreement = try await get(app, "/v1/agreements/\(MILab.agreement)", after: drafted, key: admin)
            let people = try #require(agreement.json["peopleTerms"] as? [String: Any])
            #expect(people["phdFunders"] as? [String] == ["tencent"])
            #expect(people["degreeGrantors"] as? [String] == ["cuhk-shenzhen"])
            #expect(people["internshipsOffered"] as? Bool == true)
            #expect(people["internshipHosts"] as? [String] == ["tencent"])
            #expect(people["recruitsPostdocs"] as? Bool == true)
            #expect(people["postdocRecruitmentScope"] as? String == "worldwide")

            let plain = try MILab.check(await app.post("\(labPath)/agreements", key: admin, json: MILab.draft(agreement: "tencent-cuhksz-plain")), .created)
            let without = try await get(app, "/v1/agreements/tencent-cuhksz-plain", after: plain, key: admin)
            #expect(without.status == .ok)
            #expect(without.json["peopleTerms"] == nil)
        }
    }

    @Test func aPeopleTermsPartyThatIsNotAPartyIsRefused() async throws {
        try await APITestApp.run("agreement_people_terms_refused", workers: false) { app in
            let admin = try await app.admin()
            try await app.foundMILab(admin)
            let response = try await app.post(
                "\(labPath)/agreements", key: admin,
                json: MILab.draft(peopleTerms: #"{"phdFunders": ["jd"], "degreeGrantors": ["cuhk-shenzhen"], "internshipHosts": [], "recruitsPostdocs": false}"#))
            #expect(response.status == .unprocessableContent)
            #expect(response.code == "agreement.people-terms-non-party")
        }
    }
}
