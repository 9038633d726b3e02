import Foundation
import HTTPTypes
import Testing

@Suite struct AgreementQueryTests {
    let path = "/v1/agreements/\(MILab.agreement)"

    @Test func anAgreementShowsItsPartiesSignaturesAndAmendments() async throws {
        try await APITestApp.run("agreement_get") { app in
            let admin = try await app.admin()
            try await app.executeMIAgreement(admin)
            let amended = try MILab.check(
                await app.post(
                    "\(path)/amendments", key: admin,
                    json: #"{"number": 1, "summary": "Term extended by two years.", "term": {"from": "2018-06-12", "to": "2025-06-12"}, "effectiveFrom": "2020-01-01"}"#),
                .ok)
            let position = try #require(amended.position)
            let header = try #require(HTTPField.Name("LabLedger-Position"))
            let response = try await app.get(path, key: admin, headers: [header: position])
            #expect(response.status == .ok)
            #expect(response.etag == "\"4\"")
            let body = response.json
            #expect(body["lab"] as? String == MILab.lab)
            #expect(body["kind"] as? String == "joint_lab_agreement")
            #expect(body["status"] as? String == "amended")
            #expect(body["executedOn"] as? String == "2018-06-12")
            #expect((body["term"] as? [String: Any])?["to"] as? String == "2025-06-12")
            #expect((body["ipTerms"] as? [String: Any])?["sponsorOptionDays"] as? Int == 90)
            let parties = try #require(body["parties"] as? [[String: Any]])
            #expect(parties.map { $0["party"] as? String } == ["tencent", "cuhk-shenzhen"])
            #expect(parties.map { $0["role"] as? String } == ["sponsor", "university"])
            #expect(parties.map { $0["costShareBasisPoints"] as? Int } == [10000, 0])
            #expect(parties.map { $0["signedOn"] as? String } == ["2018-06-12", "2018-06-11"])
            #expect(parties[0]["signatory"] as? String == "tencent-signatory-1")
            let amendments = try #require(body["amendments"] as? [[String: Any]])
            #expect(amendments.count == 1)
            #expect(amendments.first?["number"] as? Int == 1)
            #expect(amendments.first?["changes"] as? [String] == ["term"])
            #expect(amendments.first?["effectiveFrom"] as? String == "2020-01-01")
            #expect(!response.text.contains("Example Signatory"))
        }
    }

    @Test func aPartyKeySeesOnlyAgreementsItsPartyIsPartyTo() async throws {
        try await APITestApp.run("agreement_get_scoped") { app in
            let admin = try await app.admin()
            let signed = try await app.executeMIAgreement(admin)
            try await app.waitForReadModels(try #require(signed.position))
            let tencent = try await app.get(path, key: try await app.key(.company, party: "tencent"))
            #expect(tencent.status == .ok)
            #expect(tencent.json["status"] as? String == "executed")
            let auditor = try await app.get(path, key: try await app.key(.auditor))
            #expect(auditor.status == .ok)
            let jd = try await app.get(path, key: try await app.key(.company, party: "jd"))
            #expect(jd.status == .notFound)
            let missing = try await app.get("/v1/agreements/none-such", key: admin)
            #expect(missing.status == .notFound)
            let unauthenticated = try await app.get(path, key: nil)
            #expect(unauthenticated.status == .unauthorized)
        }
    }
}
