import Foundation
import HTTPTypes
import LabLedgerAPI
import Testing

/// Parties, labs and deadlines read back from their read models.
@Suite struct DirectoryQueryTests {
    @Test func aPartyAndALabReadBackWithTheirVersions() async throws {
        try await APITestApp.run("directory_reads") { app in
            let admin = try await app.admin()
            for (id, kind) in [("tencent", "company"), ("cuhk-shenzhen", "university"), ("jd", "company")] {
                try await app.post("/v1/parties", key: admin, json: #"{"party":"\#(id)","name":"\#(id)","kind":"\#(kind)","country":"CN"}"#)
            }
            let founded = try await app.post(
                "/v1/labs", key: admin,
                json: #"{"lab":"mi-lab","name":"MI Lab","founders":[{"party":"tencent","role":"industry_partner"},{"party":"cuhk-shenzhen","role":"university"}],"foundedOn":"2018-06-12","researchAreas":["nlp"]}"#)
            let position = try #require(founded.position)
            let wait: HTTPFields = [HTTPField.Name("LabLedger-Position")!: position]

            let party = try await app.get("/v1/parties/tencent", key: try await app.key(.company, party: "jd"), headers: wait)
            #expect(party.status == .ok, "\(party.text)")
            #expect(party.json["kind"] as? String == "company")
            #expect(party.etag == "\"1\"")
            #expect(try await app.get("/v1/parties/nobody", key: admin).status == .notFound)
            #expect(try await app.get("/v1/parties/Not%20A%20Slug", key: admin).pointers == ["#path/partyId"])

            let lab = try await app.get("/v1/labs/mi-lab", key: try await app.key(.university, party: "cuhk-shenzhen"), headers: wait)
            #expect(lab.status == .ok, "\(lab.text)")
            #expect(lab.etag == "\"1\"")
            let members = try #require(lab.json["members"] as? [[String: Any]])
            #expect(members.compactMap { $0["party"] as? String } == ["tencent", "cuhk-shenzhen"])
            #expect(try await app.get("/v1/labs/mi-lab", key: try await app.key(.company, party: "jd")).status == .notFound)
            #expect(try await app.get("/v1/labs/mi-lab", key: try await app.key(.auditor)).status == .ok)
            #expect(try await app.get("/v1/labs/mi-lab", key: nil).status == .unauthorized)
        }
    }

    @Test func deadlinesArePagedByDueDateAndScopedToTheParty() async throws {
        try await APITestApp.run("directory_deadlines") { app in
            let admin = try await app.admin()
            for (id, kind) in [("tencent", "company"), ("cuhk-shenzhen", "university"), ("jd", "company")] {
                try await app.post("/v1/parties", key: admin, json: #"{"party":"\#(id)","name":"\#(id)","kind":"\#(kind)","country":"CN"}"#)
            }
            try await app.post(
                "/v1/labs", key: admin,
                json: #"{"lab":"mi-lab","name":"MI Lab","founders":[{"party":"tencent","role":"industry_partner"},{"party":"cuhk-shenzhen","role":"university"}],"foundedOn":"2018-06-12"}"#)
            var position = ""
            for (index, (from, to)) in [("2018-06-12", "2023-06-12"), ("2019-01-01", "2021-01-01"), ("2018-07-01", "2020-07-01")].enumerated() {
                let agreement = "mi-\(index)"
                let drafted = try await app.post(
                    "/v1/labs/mi-lab/agreements", key: admin,
                    json: #"{"agreement":"\#(agreement)","kind":"joint_lab_agreement","title":"Agreement \#(index)","parties":[{"party":"tencent","role":"sponsor"},{"party":"cuhk-shenzhen","role":"university"}],"costShares":[{"party":"tencent","basisPoints":10000}],"ipTerms":{"ownership":"joint","sponsorOptionDays":90,"publicationReviewDays":30},"term":{"from":"\#(from)","to":"\#(to)"},"draftedOn":"\#(from)"}"#)
                #expect(drafted.status == .created, "\(drafted.text)")
                for party in ["tencent", "cuhk-shenzhen"] {
                    let signed = try await app.post(
                        "/v1/agreements/\(agreement)/signatures", key: admin,
                        json: #"{"party":"\#(party)","signatory":"signatory-\#(party)","signatoryTitle":"Director","signedOn":"\#(from)","person":{"name":"Signatory of \#(party)"}}"#)
                    #expect(signed.status == .ok, "\(signed.text)")
                    position = signed.position ?? position
                }
            }
            try await app.waitForReadModels(position)
            let university = try await app.key(.university, party: "cuhk-shenzhen")
            let first = try await app.get("/v1/deadlines?limit=2", key: university)
            #expect(first.status == .ok, "\(first.text)")
            let items = try #require(first.json["items"] as? [[String: Any]])
            #expect(items.compactMap { $0["dueOn"] as? String } == ["2020-07-01", "2021-01-01"])
            let next = try #require(first.json["next"] as? String)
            let second = try await app.get("/v1/deadlines?limit=2&after=\(next)", key: university)
            #expect((second.json["items"] as? [[String: Any]])?.compactMap { $0["dueOn"] as? String } == ["2023-06-12"])
            #expect(second.json["next"] == nil)
            let later = try await app.get("/v1/deadlines?from=2021-01-02", key: admin)
            #expect((later.json["items"] as? [[String: Any]])?.count == 1)
            let jd = try await app.key(.company, party: "jd")
            #expect((try await app.get("/v1/deadlines", key: jd).json["items"] as? [Any])?.isEmpty == true)
            #expect(try await app.get("/v1/deadlines?party=tencent", key: jd).status == .notFound)
            let invalid = try await app.get("/v1/deadlines?from=soon&party=Bad%20Party", key: admin)
            #expect(Set(invalid.pointers) == ["#query/from", "#query/party"], "\(invalid.text)")
            #expect(try await app.get("/v1/deadlines?after=junk", key: admin).pointers == ["#query/after"])
        }
    }
}
