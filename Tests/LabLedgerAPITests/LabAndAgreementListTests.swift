import Foundation
import HTTPTypes
import LabLedgerAPI
import Testing

/// `GET /v1/labs` and `GET /v1/labs/{labId}/agreements`: paged by their sort keys, scoped to
/// what the caller's party may read, each item exactly what the single read answers.
@Suite struct LabAndAgreementListTests {
    static func agreement(_ id: String, drafted: String, parties: [(String, String)]) -> String {
        let named = parties.map { #"{"party":"\#($0.0)","role":"\#($0.1)"}"# }.joined(separator: ",")
        return #"{"agreement":"\#(id)","kind":"joint_lab_agreement","title":"Agreement \#(id)","parties":[\#(named)],"costShares":[{"party":"\#(parties[0].0)","basisPoints":10000}],"ipTerms":{"ownership":"joint","sponsorOptionDays":90,"publicationReviewDays":30},"term":{"from":"\#(drafted)","to":"2030-01-01"},"draftedOn":"\#(drafted)"}"#
    }

    /// The same JSON value, compared as canonical text (Foundation's dictionaries tell `false`
    /// read at different depths apart).
    static func same(_ a: [String: Any], _ b: [String: Any]) throws -> Bool {
        let encode = { (value: [String: Any]) in try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) }
        return try encode(a) == encode(b)
    }

    static func ids(_ response: APIResponse, _ key: String) -> [String] {
        ((response.json["items"] as? [[String: Any]]) ?? []).compactMap { $0[key] as? String }
    }

    @Test func labsArePagedByIdAndAPartySeesOnlyTheLabsItIsAMemberOf() async throws {
        try await APITestApp.run("lab_list") { app in
            let admin = try await app.admin()
            for (id, kind) in [("tencent", "company"), ("cuhk-shenzhen", "university"), ("jd", "company"), ("hkust", "university")] {
                try await app.post("/v1/parties", key: admin, json: #"{"party":"\#(id)","name":"\#(id)","kind":"\#(kind)","country":"CN"}"#)
            }
            var position = ""
            for (lab, company, university) in [("c-lab", "tencent", "cuhk-shenzhen"), ("a-lab", "jd", "hkust"), ("b-lab", "tencent", "hkust")] {
                // b-lab has a profile, which the list must show as the single read does.
                let profile = lab == "b-lab" ? #","profile":{"nonProfit":false,"financiallyIndependent":true,"operatingCostSharers":[]}"# : ""
                let founded = try await app.post(
                    "/v1/labs", key: admin,
                    json: #"{"lab":"\#(lab)","name":"\#(lab)","founders":[{"party":"\#(company)","role":"industry_partner"},{"party":"\#(university)","role":"university"}],"foundedOn":"2018-06-12"\#(profile)}"#)
                #expect(founded.status == .created, "\(founded.text)")
                position = founded.position ?? position
            }
            try await app.waitForReadModels(position)

            var seen: [String] = []
            var next: String? = nil
            repeat {
                let page = try await app.get("/v1/labs?limit=2" + (next.map { "&after=\($0)" } ?? ""), key: try await app.key(.auditor))
                #expect(page.status == .ok, "\(page.text)")
                seen += Self.ids(page, "lab")
                next = page.json["next"] as? String
            } while next != nil
            #expect(seen == ["a-lab", "b-lab", "c-lab"])

            let tencent = try await app.get("/v1/labs", key: try await app.key(.company, party: "tencent"))
            #expect(Self.ids(tencent, "lab") == ["b-lab", "c-lab"])
            let members = ((tencent.json["items"] as? [[String: Any]])?.first?["members"] as? [[String: Any]])?.compactMap { $0["party"] as? String }
            #expect(members == ["tencent", "hkust"])
            // Each listed lab is exactly what the single read answers.
            let single = try await app.get("/v1/labs/b-lab", key: admin)
            let listed = try #require((tencent.json["items"] as? [[String: Any]])?.first)
            #expect((listed["profile"] as? [String: Any])?["financiallyIndependent"] as? Bool == true)
            #expect(try Self.same(listed, single.json), "\(listed) ≠ \(single.json)")

            #expect(try await app.get("/v1/labs?after=junk", key: admin).pointers == ["#query/after"])
            #expect(try await app.get("/v1/labs?limit=0", key: admin).pointers == ["#query/limit"])
            // Not an integer at all: refused while the runtime decodes it, still naming the parameter.
            let notANumber = try await app.get("/v1/labs?limit=ten&after=junk", key: admin)
            #expect(notANumber.status == .badRequest && notANumber.pointers == ["#query/limit"], "\(notANumber.text)")
            #expect(try await app.get("/v1/labs", key: nil).status == .unauthorized)
        }
    }

    @Test func aLabsAgreementsArePagedByDraftDateAndScopedToTheirParties() async throws {
        try await APITestApp.run("agreement_list") { app in
            let admin = try await app.admin()
            for (id, kind) in [("tencent", "company"), ("cuhk-shenzhen", "university"), ("jd", "company")] {
                try await app.post("/v1/parties", key: admin, json: #"{"party":"\#(id)","name":"\#(id)","kind":"\#(kind)","country":"CN"}"#)
            }
            try await app.post(
                "/v1/labs", key: admin,
                json: #"{"lab":"mi-lab","name":"MI Lab","founders":[{"party":"tencent","role":"industry_partner"},{"party":"cuhk-shenzhen","role":"university"},{"party":"jd","role":"industry_partner"}],"foundedOn":"2018-06-12"}"#)
            var position = ""
            // Drafted out of id order, two on one day: the list is by draft date, then id.
            for (id, drafted, company) in [("z-first", "2018-06-12", "tencent"), ("b-second", "2019-01-01", "jd"), ("a-second", "2019-01-01", "tencent"), ("c-last", "2020-03-01", "tencent")] {
                let created = try await app.post(
                    "/v1/labs/mi-lab/agreements", key: admin,
                    json: Self.agreement(id, drafted: drafted, parties: [(company, "sponsor"), ("cuhk-shenzhen", "university")]))
                #expect(created.status == .created, "\(created.text)")
                position = created.position ?? position
            }
            try await app.waitForReadModels(position)

            // Every page size, so that a page boundary falls between the two drafted on one day.
            for limit in 1...4 {
                var seen: [String] = []
                var next: String? = nil
                repeat {
                    let page = try await app.get("/v1/labs/mi-lab/agreements?limit=\(limit)" + (next.map { "&after=\($0)" } ?? ""), key: admin)
                    #expect(page.status == .ok, "\(page.text)")
                    seen += Self.ids(page, "agreement")
                    next = page.json["next"] as? String
                } while next != nil && seen.count < 10
                #expect(seen == ["z-first", "a-second", "b-second", "c-last"], "limit \(limit)")
            }

            let jd = try await app.get("/v1/labs/mi-lab/agreements", key: try await app.key(.company, party: "jd"))
            #expect(Self.ids(jd, "agreement") == ["b-second"])
            let single = try await app.get("/v1/agreements/b-second", key: admin)
            let listed = try #require((jd.json["items"] as? [[String: Any]])?.first)
            #expect(try Self.same(listed, single.json), "\(listed) ≠ \(single.json)")

            let unknown = try await app.get("/v1/labs/no-such-lab/agreements", key: admin)
            #expect(unknown.status == .ok)
            #expect(Self.ids(unknown, "agreement").isEmpty)
            // A cursor of the right shape whose date does not parse is refused, not passed to the query.
            func cursor(_ json: String) -> String {
                Data(json.utf8).base64EncodedString()
                    .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            }
            #expect(try await app.get("/v1/labs/mi-lab/agreements?after=\(cursor(#"["someday","a"]"#))", key: admin).pointers == ["#query/after"])
            // PostgreSQL refuses NUL in text; a cursor holding one is ours to refuse, not a 500.
            #expect(try await app.get("/v1/labs/mi-lab/agreements?after=\(cursor(#"["2019-01-01","a\u0000"]"#))", key: admin).pointers == ["#query/after"])
            #expect(try await app.get("/v1/labs?after=\(cursor(#"["a\u0000"]"#))", key: admin).pointers == ["#query/after"])
            #expect(try await app.get("/v1/deadlines?after=\(cursor(#"["someday","a","b"]"#))", key: admin).pointers == ["#query/after"])
        }
    }
}
