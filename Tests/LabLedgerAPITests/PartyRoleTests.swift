import Foundation
import Testing

/// Labs and agreements take one `PartyRole`; a lab's members hold four of its words, and the two
/// agreement-only roles are refused by the lab's rule (422), never by the schema (400).
@Suite struct PartyRoleTests {
    let members = "/v1/labs/\(MILab.lab)/members"

    @Test func aSponsorOrOperatorIsRefusedAsALabMemberWithARuleAndWritesNothing() async throws {
        try await APITestApp.run("party_role_member", workers: false) { app in
            let admin = try await app.admin()
            try await app.foundMILab(admin)
            let before = try await app.database.count()
            for role in ["sponsor", "operator"] {
                let refused = try await app.post(members, key: admin, json: #"{"party": "jd", "role": "\#(role)", "admittedOn": "2019-01-01"}"#)
                #expect(refused.status.code == 422, "\(role): \(refused.text)")
                #expect(refused.code == "lab.role-not-a-membership-role", "\(role): \(refused.text)")
            }
            let founding = try await app.post("/v1/labs", key: admin, json: """
                {"lab": "operated-lab", "name": "Operated Lab", "foundedOn": "2019-01-01",
                 "founders": [{"party": "jd", "role": "operator"}, {"party": "cuhk-shenzhen", "role": "university"}]}
                """)
            #expect(founding.status.code == 422, "\(founding.text)")
            #expect(founding.code == "lab.role-not-a-membership-role")
            #expect(try await app.database.count() == before)
            let admitted = try await app.post(members, key: admin, json: #"{"party": "jd", "role": "funder", "admittedOn": "2019-01-01"}"#)
            #expect(admitted.status == .ok, "\(admitted.text)")
        }
    }

    @Test func anAgreementsOperatorIsRefusedAsALabMemberWhileTheAgreementKeepsIt() async throws {
        try await APITestApp.run("party_role_words") { app in
            let admin = try await app.admin()
            try await app.foundMILab(admin)
            let drafted = try await app.post("/v1/labs/\(MILab.lab)/agreements", key: admin, json: MILab.draft(
                parties: #"[{"party": "tencent", "role": "industry_partner"}, {"party": "cuhk-shenzhen", "role": "university"}, {"party": "jd", "role": "operator"}]"#))
            #expect(drafted.status == .created, "\(drafted.text)")
            let admitted = try await app.post(members, key: admin, json: #"{"party": "jd", "role": "operator", "admittedOn": "2019-01-01"}"#)
            #expect(admitted.status.code == 422, "\(admitted.text)")
            #expect(admitted.code == "lab.role-not-a-membership-role", "\(admitted.text)")
            let position = try #require(drafted.position)
            let agreement = try await app.get("/v1/agreements/\(MILab.agreement)", key: admin, headers: [.init("LabLedger-Position")!: position])
            let agreementRoles = (agreement.json["parties"] as? [[String: Any]])?.compactMap { party in
                (party["party"] as? String).flatMap { name in (party["role"] as? String).map { "\(name):\($0)" } }
            }
            #expect(agreementRoles.map(Set.init) == ["tencent:industry_partner", "cuhk-shenzhen:university", "jd:operator"], "\(agreement.text)")
            let lab = try await app.get("/v1/labs/\(MILab.lab)", key: admin, headers: [.init("LabLedger-Position")!: position])
            let labMembers = (lab.json["members"] as? [[String: Any]])?.compactMap { $0["party"] as? String }
            #expect(labMembers.map(Set.init) == ["tencent", "cuhk-shenzhen"], "\(lab.text)")
            let labRoles = (lab.json["members"] as? [[String: Any]])?.compactMap { $0["role"] as? String }
            #expect(labRoles.map(Set.init) == ["industry_partner", "university"], "\(lab.text)")
        }
    }
}
