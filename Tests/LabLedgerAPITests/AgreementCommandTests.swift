import Foundation
import Testing

@Suite struct AgreementCommandTests {
    let draftPath = "/v1/labs/\(MILab.lab)/agreements"
    let agreementPath = "/v1/agreements/\(MILab.agreement)"

    @Test func operatorDraftsAnAgreementAndStartsItsStream() async throws {
        try await APITestApp.run("agreement_draft", workers: false) { app in
            let admin = try await app.admin()
            try await app.foundMILab(admin)
            let response = try await app.post(draftPath, key: try await app.key(.operator), json: MILab.draft())
            #expect(response.status == .created)
            #expect(response.etag == "\"1\"")
            #expect(response.headers[.location] == agreementPath)
            #expect(response.json["stream"] as? String == "agreement-\(MILab.agreement)")
            #expect(MILab.events(response) == ["AgreementDrafted"])
        }
    }

    @Test func draftListsEveryInvalidField() async throws {
        try await APITestApp.run("agreement_draft_invalid", workers: false) { app in
            let admin = try await app.admin()
            let response = try await app.post(
                "/v1/labs/Not%20A%20Lab/agreements", key: admin,
                json: MILab.draft(
                    agreement: "Bad Agreement", parties: #"[{"party": "tencent", "role": "sponsor"}, {"party": "CUHK SZ", "role": "university"}]"#,
                    costShares: #"[{"party": "tencent", "basisPoints": 20000}]"#, term: #"{"from": "2018-06-12", "to": "2018-01-01"}"#))
            #expect(response.status == .badRequest)
            #expect(Set(response.pointers) == ["#path/labId", "/agreement", "/parties/1/party", "/costShares/0/basisPoints", "/term"])
        }
    }

    @Test func theAgreementThatSetsUpALabIsDraftedAndSignedBeforeTheLabIsFounded() async throws {
        try await APITestApp.run("agreement_sets_up_lab") { app in
            let admin = try await app.admin()
            for (party, kind) in [("jd", "company"), ("cuhk-shenzhen", "university")] {
                try MILab.check(await app.post("/v1/parties", key: admin, json: #"{"party": "\#(party)", "name": "\#(party)", "kind": "\#(kind)", "country": "CN"}"#), .created)
            }
            let path = "/v1/labs/jd-cuhksz-ai-lab/agreements"
            let parties = #"[{"party": "jd", "role": "sponsor"}, {"party": "cuhk-shenzhen", "role": "university"}]"#
            let shares = #"[{"party": "jd", "basisPoints": 10000}, {"party": "cuhk-shenzhen", "basisPoints": 0}]"#
            func draft(_ id: String, setsUpLab: Bool?, kind: String = "joint_lab_agreement") -> String {
                MILab.draft(agreement: id, parties: parties, costShares: shares)
                    .replacingOccurrences(of: #""kind": "joint_lab_agreement""#, with: #""kind": "\#(kind)""#)
                    .replacingOccurrences(of: #""draftedOn": "2018-05-20""#, with: #""draftedOn": "2018-06-15""# + (setsUpLab.map { #", "setsUpLab": \#($0)"# } ?? ""))
            }
            #expect(try await app.post(path, key: admin, json: draft("jd-early", setsUpLab: nil)).code == "agreement.lab-not-founded")
            #expect(try await app.post(path, key: admin, json: draft("jd-sra", setsUpLab: true, kind: "sponsored_research")).code == "agreement.only-joint-lab-agreements-set-up-labs")
            try MILab.check(await app.post(path, key: admin, json: draft("jd-cuhksz-2018", setsUpLab: true)), .created)
            // Each party signs for itself, before there is a lab.
            for party in ["jd", "cuhk-shenzhen"] {
                let key = try await app.key(party == "jd" ? .company : .university, party: party)
                let signed = try await app.post("/v1/agreements/jd-cuhksz-2018/signatures", key: key, json: MILab.signature(party: party, on: "2018-06-15"))
                #expect(signed.status == .ok, "\(signed.text)")
            }
            // Money waits for the lab.
            let early = try await app.post("/v1/agreements/jd-cuhksz-2018/commitments", key: admin, json: MILab.commitment("jd-early", funder: "jd"))
            #expect(early.code == "funding.lab-not-founded", "\(early.text)")
            let founded = try await app.post("/v1/labs", key: admin, json: """
                {"lab": "jd-cuhksz-ai-lab", "name": "JD-CUHK(SZ) AI Lab", "foundedOn": "2018-06-15",
                 "founders": [{"party": "jd", "role": "industry_partner"}, {"party": "cuhk-shenzhen", "role": "university"}]}
                """)
            try MILab.check(founded, .created)
            // Once the lab stands, an agreement cannot claim to set it up.
            #expect(try await app.post(path, key: admin, json: draft("jd-late", setsUpLab: true)).code == "agreement.lab-already-founded")

            try await app.waitForReadModels(try #require(founded.position))
            let agreement = try await app.get("/v1/agreements/jd-cuhksz-2018", key: try await app.key(.company, party: "jd"))
            #expect(agreement.status == .ok, "\(agreement.text)")
            #expect(agreement.json["setsUpLab"] as? Bool == true)
            #expect(agreement.json["status"] as? String == "executed")
            let listed = try await app.get(path, key: admin)
            #expect((listed.json["items"] as? [[String: Any]])?.compactMap { $0["agreement"] as? String } == ["jd-cuhksz-2018"])
        }
    }

    @Test func draftRefusalsCarryTheRuleCode() async throws {
        try await APITestApp.run("agreement_draft_refused", workers: false) { app in
            let admin = try await app.admin()
            try await app.foundMILab(admin)
            let shares = try await app.post(
                draftPath, key: admin, json: MILab.draft(costShares: #"[{"party": "tencent", "basisPoints": 6000}, {"party": "cuhk-shenzhen", "basisPoints": 3000}]"#))
            #expect(shares.status == .unprocessableContent)
            #expect(shares.code == "agreement.cost-shares-must-total-100-percent")
            let unknown = try await app.post(
                draftPath, key: admin, json: MILab.draft(parties: #"[{"party": "tencent", "role": "sponsor"}, {"party": "alibaba", "role": "funder"}]"#))
            #expect(unknown.code == "agreement.party-not-registered")
            let noLab = try await app.post("/v1/labs/hkai-lab/agreements", key: admin, json: MILab.draft())
            #expect(noLab.code == "agreement.lab-not-founded")
            try MILab.check(await app.post(draftPath, key: admin, json: MILab.draft()), .created)
            let again = try await app.post(draftPath, key: admin, json: MILab.draft())
            #expect(again.code == "agreement.already-drafted")
        }
    }

    @Test func onlyKeepersDraft() async throws {
        try await APITestApp.run("agreement_draft_forbidden", workers: false) { app in
            let admin = try await app.admin()
            try await app.foundMILab(admin)
            let university = try await app.post(draftPath, key: try await app.key(.university, party: "cuhk-shenzhen"), json: MILab.draft())
            #expect(university.status == .forbidden)
            let auditor = try await app.post(draftPath, key: try await app.key(.auditor), json: MILab.draft())
            #expect(auditor.status == .forbidden)
        }
    }

    @Test func partiesSignAsThemselvesAndTheLastSignatureExecutes() async throws {
        try await APITestApp.run("agreement_sign", workers: false) { app in
            let admin = try await app.admin()
            try await app.draftMIAgreement(admin)
            let path = "\(agreementPath)/signatures"
            let university = try await app.key(.university, party: "cuhk-shenzhen")
            let first = try await app.post(path, key: university, json: MILab.signature(party: "cuhk-shenzhen", on: "2018-06-11"))
            #expect(first.status == .ok)
            #expect(first.etag == "\"2\"")
            #expect(MILab.events(first) == ["AgreementSigned"])
            let twice = try await app.post(path, key: university, json: MILab.signature(party: "cuhk-shenzhen"))
            #expect(twice.code == "agreement.already-signed")
            let company = try await app.post(path, key: try await app.key(.company, party: "tencent"), json: MILab.signature(party: "tencent"))
            #expect(company.status == .ok)
            #expect(company.etag == "\"3\"")
            // Executed now: an amendment is accepted, which only an executed agreement takes.
            let amendment = try await app.post(
                "\(agreementPath)/amendments", key: admin,
                json: #"{"number": 1, "summary": "Option period shortened.", "ipTerms": {"ownership": "joint", "sponsorOptionDays": 60, "publicationReviewDays": 30}, "effectiveFrom": "2019-01-01"}"#)
            #expect(amendment.status == .ok)
        }
    }

    @Test func signListsEveryInvalidField() async throws {
        try await APITestApp.run("agreement_sign_invalid", workers: false) { app in
            let response = try await app.post(
                "\(agreementPath)/signatures", key: try await app.admin(),
                json: #"{"party": "Tencent!", "signatory": "", "signatoryTitle": "CEO", "signedOn": "2018-02-30", "person": {"name": " ", "email": "nobody"}}"#)
            #expect(response.status == .badRequest)
            // The blank name and the bad address, each at its own field.
            #expect(Set(response.pointers) == ["/party", "/signatory", "/signedOn", "/person/name", "/person/email"])
            let errors = (response.json["errors"] as? [[String: Any]]) ?? []
            #expect(errors.first { $0["pointer"] as? String == "/person/email" }?["code"] as? String == "person.invalid-email")
        }
    }

    @Test func signingIsRefusedForOtherPartiesOutsidersAndStaleVersions() async throws {
        try await APITestApp.run("agreement_sign_refused", workers: false) { app in
            let admin = try await app.admin()
            try await app.draftMIAgreement(admin)
            let path = "\(agreementPath)/signatures"
            let asOther = try await app.post(path, key: try await app.key(.university, party: "cuhk-shenzhen"), json: MILab.signature(party: "tencent"))
            #expect(asOther.status == .forbidden)
            let outsider = try await app.post(path, key: try await app.key(.company, party: "jd"), json: MILab.signature(party: "jd"))
            #expect(outsider.status == .notFound)
            let auditor = try await app.post(path, key: try await app.key(.auditor), json: MILab.signature(party: "tencent"))
            #expect(auditor.status == .forbidden)
            let notParty = try await app.post(path, key: admin, json: MILab.signature(party: "jd"))
            #expect(notParty.code == "agreement.signer-not-a-party")
            let early = try await app.post(path, key: admin, json: MILab.signature(party: "tencent", on: "2018-01-01"))
            #expect(early.code == "agreement.date-before-drafting")
            let stale = try await app.post(path, key: admin, json: MILab.signature(party: "tencent"), headers: MILab.ifMatch(2))
            #expect(stale.status == .preconditionFailed)
            #expect(stale.etag == "\"1\"")
            let missing = try await app.post("/v1/agreements/jd-cuhksz-2018/signatures", key: admin, json: MILab.signature(party: "jd"))
            #expect(missing.status == .notFound)
        }
    }

    @Test func amendmentsAreNumberedWithoutGapsOnExecutedAgreements() async throws {
        try await APITestApp.run("agreement_amend", workers: false) { app in
            let admin = try await app.admin()
            try await app.draftMIAgreement(admin)
            let path = "\(agreementPath)/amendments"
            let extend = #"{"number": 1, "summary": "Term extended by two years.", "term": {"from": "2018-06-12", "to": "2025-06-12"}, "effectiveFrom": "2020-01-01"}"#
            let early = try await app.post(path, key: admin, json: extend)
            #expect(early.code == "agreement.not-executed")
            let signatures = "\(agreementPath)/signatures"
            try MILab.check(await app.post(signatures, key: admin, json: MILab.signature(party: "cuhk-shenzhen")), .ok)
            try MILab.check(await app.post(signatures, key: admin, json: MILab.signature(party: "tencent")), .ok)
            let gap = try await app.post(path, key: admin, json: extend.replacingOccurrences(of: #""number": 1"#, with: #""number": 2"#))
            #expect(gap.code == "agreement.amendment-number-out-of-sequence")
            let stale = try await app.post(path, key: admin, json: extend, headers: MILab.ifMatch(2))
            #expect(stale.status == .preconditionFailed)
            let company = try await app.post(path, key: try await app.key(.company, party: "tencent"), json: extend)
            #expect(company.status == .forbidden)
            let amended = try await app.post(path, key: admin, json: extend, headers: MILab.ifMatch(3))
            #expect(amended.status == .ok)
            #expect(amended.etag == "\"4\"")
            #expect(MILab.events(amended) == ["AgreementAmended"])
            let nothing = try await app.post(path, key: admin, json: #"{"number": 2, "summary": "Nothing.", "effectiveFrom": "2020-01-01"}"#)
            #expect(nothing.code == "agreement.amendment-changes-nothing")
        }
    }

    @Test func amendmentListsEveryInvalidField() async throws {
        try await APITestApp.run("agreement_amend_invalid", workers: false) { app in
            let response = try await app.post(
                "\(agreementPath)/amendments", key: try await app.admin(),
                json: #"{"number": 1, "summary": "Shares.", "costShares": [{"party": "tencent", "basisPoints": -1}, {"party": "x y", "basisPoints": 5000}], "term": {"from": "2018-6-12"}, "effectiveFrom": "soon"}"#)
            #expect(response.status == .badRequest)
            #expect(Set(response.pointers) == ["/costShares/0/basisPoints", "/costShares/1/party", "/term/from", "/effectiveFrom"])
        }
    }

    @Test func terminationIsFinal() async throws {
        try await APITestApp.run("agreement_terminate", workers: false) { app in
            let admin = try await app.admin()
            try await app.executeMIAgreement(admin)
            let path = "\(agreementPath)/termination"
            let body = #"{"reason": "The parties agreed to end the joint lab early.", "effectiveOn": "2021-12-31"}"#
            let invalid = try await app.post(path, key: admin, json: #"{"reason": "Early end.", "effectiveOn": "31/12/2021"}"#)
            #expect(invalid.pointers == ["/effectiveOn"])
            let university = try await app.post(path, key: try await app.key(.university, party: "cuhk-shenzhen"), json: body)
            #expect(university.status == .forbidden)
            let stale = try await app.post(path, key: admin, json: body, headers: MILab.ifMatch(1))
            #expect(stale.status == .preconditionFailed)
            let noReason = try await app.post(path, key: admin, json: #"{"reason": " ", "effectiveOn": "2021-12-31"}"#)
            #expect(noReason.code == "agreement.reason-required")
            let terminated = try await app.post(path, key: admin, json: body)
            #expect(terminated.status == .ok)
            #expect(terminated.etag == "\"4\"")
            #expect(MILab.events(terminated) == ["AgreementTerminated"])
            let again = try await app.post(path, key: admin, json: body)
            #expect(again.code == "agreement.terminated")
            let sign = try await app.post("\(agreementPath)/signatures", key: admin, json: MILab.signature(party: "tencent"))
            #expect(sign.code == "agreement.terminated")
        }
    }

    @Test func anAgreementExpiresOnlyOnceItsTermHasEnded() async throws {
        try await APITestApp.run("agreement_expire", workers: false) { app in
            let admin = try await app.admin()
            try await app.executeMIAgreement(admin)
            let path = "\(agreementPath)/expiry"
            let early = try await app.post(path, key: admin, json: #"{"expiredOn": "2023-06-11"}"#)
            #expect(early.code == "agreement.term-not-ended")
            let invalid = try await app.post(path, key: admin, json: #"{"expiredOn": "2023-06-32"}"#)
            #expect(invalid.pointers == ["/expiredOn"])
            let company = try await app.post(path, key: try await app.key(.company, party: "tencent"), json: #"{"expiredOn": "2023-06-12"}"#)
            #expect(company.status == .forbidden)
            let stale = try await app.post(path, key: admin, json: #"{"expiredOn": "2023-06-12"}"#, headers: MILab.ifMatch(2))
            #expect(stale.status == .preconditionFailed)
            let expired = try await app.post(path, key: admin, json: #"{"expiredOn": "2023-06-12"}"#, headers: MILab.ifMatch(3))
            #expect(expired.status == .ok)
            #expect(expired.etag == "\"4\"")
            #expect(MILab.events(expired) == ["AgreementExpired"])
            let missing = try await app.post("/v1/agreements/none-such/expiry", key: admin, json: #"{"expiredOn": "2023-06-12"}"#)
            #expect(missing.status == .notFound)
        }
    }
}
