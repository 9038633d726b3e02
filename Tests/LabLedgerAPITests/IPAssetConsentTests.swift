import Foundation
import HTTPTypes
import Testing

/// An exclusive licence of an invention two universities and a company co-own, agreed by the
/// co-owners themselves with their own keys: one proposes, each other consents for itself, and
/// the last consent grants it. No keeper takes part after the set-up.
@Suite struct IPAssetConsentTests {
    /// CUHK-Shenzhen 40%, HKUST 30% and Tencent 30% own the invention; JD, a party to the same
    /// agreement with no share, is the would-be licensee; Alibaba has no part in any of it.
    struct World {
        let app: APITestApp
        let admin: String
        let asset = "tri-lab-2020-001"
        var assetPath: String { "/v1/ip-assets/\(asset)" }

        static func build(_ app: APITestApp) async throws -> World {
            let world = World(app: app, admin: try await app.admin())
            let parties = [("tencent", "Tencent", "company"), ("cuhk-shenzhen", "CUHK-Shenzhen", "university"),
                           ("hkust", "The Hong Kong University of Science and Technology", "university"), ("jd", "JD.com", "company"),
                           ("alibaba", "Alibaba Group", "company")]
            for (id, name, kind) in parties { try await world.setUp("/v1/parties", IPAssetStory.party(id, name, kind)) }
            try await world.setUp("/v1/labs", """
                {"lab": "tri-lab", "name": "Tri-party Vision Lab", "foundedOn": "2019-01-10",
                 "founders": [{"party": "tencent", "role": "industry_partner"}, {"party": "cuhk-shenzhen", "role": "university"},
                              {"party": "hkust", "role": "university"}, {"party": "jd", "role": "industry_partner"}]}
                """)
            try await world.setUp("/v1/labs/tri-lab/agreements", """
                {"agreement": "tri-lab-2019", "title": "Tri-party Vision Lab Agreement", "kind": "joint_lab_agreement",
                 "parties": [{"party": "tencent", "role": "sponsor"}, {"party": "cuhk-shenzhen", "role": "university"},
                             {"party": "hkust", "role": "university"}, {"party": "jd", "role": "sponsor"}],
                 "costShares": [{"party": "tencent", "basisPoints": 5000}, {"party": "jd", "basisPoints": 5000},
                                {"party": "cuhk-shenzhen", "basisPoints": 0}, {"party": "hkust", "basisPoints": 0}],
                 "ipTerms": {"ownership": "joint", "sponsorOptionDays": 180, "publicationReviewDays": 30},
                 "term": {"from": "2019-01-10", "to": "2029-01-10"}, "draftedOn": "2018-12-20"}
                """)
            for party in ["tencent", "cuhk-shenzhen", "hkust", "jd"] {
                try await world.setUp("/v1/agreements/tri-lab-2019/signatures", """
                    {"party": "\(party)", "signatory": "\(party)-signatory-1", "signatoryTitle": "Vice President", "signedOn": "2019-01-09",
                     "person": {"name": "Example Signatory"}}
                    """)
            }
            try await world.setUp("/v1/labs/tri-lab/ip-assets", """
                {"asset": "\(world.asset)", "agreement": "tri-lab-2019", "title": "Event-camera depth estimation",
                 "inventors": [{"orcid": "0000-0002-1825-0097", "shareBasisPoints": 10000}], "disclosedOn": "2020-03-02"}
                """)
            try await world.setUp("\(world.assetPath)/ownership", """
                {"owners": [{"party": "cuhk-shenzhen", "shareBasisPoints": 4000}, {"party": "hkust", "shareBasisPoints": 3000},
                            {"party": "tencent", "shareBasisPoints": 3000}], "determinedOn": "2020-04-01"}
                """)
            return world
        }

        func setUp(_ path: String, _ json: String) async throws {
            let response = try await app.post(path, key: admin, json: json)
            guard response.status == .ok || response.status == .created else {
                throw APITestError("set-up step \(path) answered \(response.status.code): \(response.text)")
            }
        }

        func post(_ path: String, _ json: String, key: String) async throws -> APIResponse {
            try await app.post("\(assetPath)/\(path)", key: key, json: json)
        }

        static func proposal(_ id: String, by party: String, exclusivity: String = "exclusive", field: String = "depth-estimation") -> String {
            """
            {"licence": "\(id)", "proposedBy": "\(party)", "licensee": "jd", "exclusivity": "\(exclusivity)", "fields": ["\(field)"],
             "territories": ["CN", "HK"], "term": {"from": "2021-01-01", "to": "2031-01-01"}, "royalty": {"rateBasisPoints": 400},
             "proposedOn": "2020-11-02", "expiresOn": "2021-01-01"}
            """
        }

        static func consent(by party: String, on day: String = "2020-11-20") -> String {
            #"{"by": "\#(party)", "consentedOn": "\#(day)"}"#
        }
    }

    @Test func twoUniversitiesAndACompanyLicenseExclusivelyByTheirOwnConsentsAndTheLastConsentGrants() async throws {
        try await APITestApp.run("ip_consent_story") { app in
            let world = try await World.build(app)
            let cuhk = try await app.key(.university, party: "cuhk-shenzhen")
            let hkust = try await app.key(.university, party: "hkust")
            let tencent = try await app.key(.company, party: "tencent")
            let jd = try await app.key(.company, party: "jd")

            let proposed = try await world.post("licence-proposals", World.proposal("jd-depth-cn", by: "cuhk-shenzhen"), key: cuhk)
            #expect(proposed.status == .ok, "\(proposed.text)")
            #expect(proposed.eventTypes == ["LicenceProposed"])

            let hkustConsents = try await world.post("licence-proposals/jd-depth-cn/consents", World.consent(by: "hkust"), key: hkust)
            #expect(hkustConsents.eventTypes == ["LicenceConsentGiven"], "\(hkustConsents.text)")
            let twice = try await world.post("licence-proposals/jd-depth-cn/consents", World.consent(by: "hkust", on: "2020-11-21"), key: hkust)
            #expect(twice.status == .unprocessableContent)
            #expect(twice.code == "ipasset.consent-already-given")

            try await app.waitForReadModels(try #require(hkustConsents.position))
            let pending = try await app.get(world.assetPath, key: tencent)
            let proposals = try #require(pending.json["licenceProposals"] as? [[String: Any]], "\(pending.text)")
            #expect(proposals.count == 1)
            #expect(proposals.first?["status"] as? String == "open")
            #expect(proposals.first?["consents"] as? [String] == ["cuhk-shenzhen", "hkust"])
            #expect(proposals.first?["awaiting"] as? [String] == ["tencent"])
            #expect((pending.json["licences"] as? [Any])?.isEmpty == true)
            // The terms are the owners' business until granted: JD, a party to the agreement, does not see them.
            let asJD = try await app.get(world.assetPath, key: jd)
            #expect(asJD.status == .ok)
            #expect(asJD.json["licenceProposals"] == nil, "\(asJD.text)")

            let last = try await world.post("licence-proposals/jd-depth-cn/consents", World.consent(by: "tencent", on: "2020-11-25"), key: tencent)
            #expect(last.status == .ok, "\(last.text)")
            #expect(last.eventTypes == ["LicenceConsentGiven", "LicenceGranted"])

            try await app.waitForReadModels(try #require(last.position))
            let granted = try await app.get(world.assetPath, key: cuhk)
            let licence = try #require((granted.json["licences"] as? [[String: Any]])?.first, "\(granted.text)")
            #expect(licence["licence"] as? String == "jd-depth-cn")
            #expect(licence["licensee"] as? String == "jd")
            #expect(licence["exclusivity"] as? String == "exclusive")
            #expect(licence["licensors"] as? [String] == ["cuhk-shenzhen"])
            #expect(licence["consents"] as? [String] == ["hkust", "tencent"])
            #expect(licence["grantedOn"] as? String == "2020-11-25")
            let closed = try #require((granted.json["licenceProposals"] as? [[String: Any]])?.first)
            #expect(closed["status"] as? String == "granted")
            #expect(closed["awaiting"] as? [String] == [])
            // The licensee sees its licence in full once it is granted.
            let licensee = try await app.get(world.assetPath, key: jd)
            #expect((licensee.json["licences"] as? [[String: Any]])?.first?["view"] as? String == "full")
            let after = try await world.post("licence-proposals/jd-depth-cn/consents", World.consent(by: "hkust"), key: hkust)
            #expect(after.code == "ipasset.proposal-already-granted")
        }
    }

    @Test func aCoOwnerConsentsForItselfOnlyAndNonOwnersAreRefused() async throws {
        try await APITestApp.run("ip_consent_refusals", workers: false) { app in
            let world = try await World.build(app)
            let cuhk = try await app.key(.university, party: "cuhk-shenzhen")
            let hkust = try await app.key(.university, party: "hkust")
            let proposed = try await world.post("licence-proposals", World.proposal("jd-depth-cn", by: "cuhk-shenzhen"), key: cuhk)
            #expect(proposed.status == .ok, "\(proposed.text)")

            // A party consenting (or proposing) for another party: 403.
            let forHKUST = try await world.post("licence-proposals/jd-depth-cn/consents", World.consent(by: "hkust"), key: cuhk)
            #expect(forHKUST.status == .forbidden)
            let proposedForTencent = try await world.post("licence-proposals", World.proposal("jd-depth-hk", by: "tencent"), key: hkust)
            #expect(proposedForTencent.status == .forbidden)
            // A party that sees the asset but owns no share: 403. One that does not see it: 404.
            let jd = try await world.post("licence-proposals/jd-depth-cn/consents", World.consent(by: "jd"), key: try await app.key(.company, party: "jd"))
            #expect(jd.status == .forbidden, "\(jd.text)")
            let alibaba = try await world.post(
                "licence-proposals/jd-depth-cn/consents", World.consent(by: "alibaba"), key: try await app.key(.company, party: "alibaba"))
            #expect(alibaba.status == .notFound)
            #expect(try await world.post("licence-proposals/jd-depth-cn/consents", World.consent(by: "hkust"), key: try await app.key(.auditor)).status
                == .forbidden)
            // A keeper may record a co-owner's consent, but not make a non-owner's count.
            let keeperForJD = try await world.post("licence-proposals/jd-depth-cn/consents", World.consent(by: "jd"), key: world.admin)
            #expect(keeperForJD.status == .unprocessableContent)
            #expect(keeperForJD.code == "ipasset.consent-from-non-owner")
            let keeperForHKUST = try await world.post("licence-proposals/jd-depth-cn/consents", World.consent(by: "hkust"), key: world.admin)
            #expect(keeperForHKUST.eventTypes == ["LicenceConsentGiven"], "\(keeperForHKUST.text)")

            // An unknown field or a non-exclusive proposal is refused.
            let unknown = try await world.post("licence-proposals/jd-depth-cn/consents", #"{"by": "tencent", "consentedOn": "2020-11-20", "for": "hkust"}"#, key: cuhk)
            #expect(unknown.status == .badRequest)
            let nonExclusive = try await world.post(
                "licence-proposals", World.proposal("jd-ocr", by: "cuhk-shenzhen", exclusivity: "non_exclusive", field: "ocr"), key: cuhk)
            #expect(nonExclusive.status == .badRequest, "non_exclusive is outside the schema's enum: \(nonExclusive.text)")
            #expect(nonExclusive.pointers == ["/exclusivity"])
            let unknownProposal = try await world.post("licence-proposals/nope/consents", World.consent(by: "hkust"), key: hkust)
            #expect(unknownProposal.code == "ipasset.unknown-proposal")
        }
    }

    @Test func aCoOwnerDeclinesByWithdrawingAndNonExclusiveLicencesKeepTheirDirectPath() async throws {
        try await APITestApp.run("ip_consent_withdrawal", workers: false) { app in
            let world = try await World.build(app)
            let cuhk = try await app.key(.university, party: "cuhk-shenzhen")
            let tencent = try await app.key(.company, party: "tencent")
            _ = try await world.post("licence-proposals", World.proposal("jd-depth-cn", by: "cuhk-shenzhen", exclusivity: "sole"), key: cuhk)
            let declined = try await world.post("licence-proposals/jd-depth-cn/withdrawal",
                #"{"by": "tencent", "withdrawnOn": "2020-11-10", "reason": "Tencent will not give up this field in CN."}"#, key: tencent)
            #expect(declined.eventTypes == ["LicenceProposalWithdrawn"], "\(declined.text)")
            let late = try await world.post("licence-proposals/jd-depth-cn/consents", World.consent(by: "tencent"), key: tencent)
            #expect(late.code == "ipasset.proposal-withdrawn")
            let expired = try await world.post("licence-proposals", World.proposal("jd-depth-hk", by: "cuhk-shenzhen", field: "robotics"), key: cuhk)
            #expect(expired.status == .ok, "\(expired.text)")
            let afterExpiry = try await world.post("licence-proposals/jd-depth-hk/consents", World.consent(by: "tencent", on: "2021-01-01"), key: tencent)
            #expect(afterExpiry.code == "ipasset.proposal-expired")

            // A non-exclusive licence needs no consent: a co-owner grants it alone, as before.
            let direct = try await world.post("licences", IPAssetStory.licence(
                "jd-ocr-world", licensee: "jd", exclusivity: "non_exclusive", fields: ["ocr"], licensors: ["cuhk-shenzhen"], grantedOn: "2020-11-02"), key: cuhk)
            #expect(direct.eventTypes == ["LicenceGranted"], "\(direct.text)")
            // A proposed id is taken for direct grants too.
            let sameID = try await world.post("licences", IPAssetStory.licence(
                "jd-depth-hk", licensee: "jd", exclusivity: "non_exclusive", fields: ["ocr"], territories: ["US"], licensors: ["cuhk-shenzhen"],
                grantedOn: "2020-11-02"), key: cuhk)
            #expect(sameID.code == "ipasset.duplicate-licence")
        }
    }

    @Test func aNonOwnerLearnsNothingOfProposedIdsFromTheDirectGrant() async throws {
        try await APITestApp.run("ip_consent_probe", workers: false) { app in
            let world = try await World.build(app)
            let cuhk = try await app.key(.university, party: "cuhk-shenzhen")
            let jd = try await app.key(.company, party: "jd")
            let proposed = try await world.post("licence-proposals", World.proposal("jd-depth-cn", by: "cuhk-shenzhen"), key: cuhk)
            #expect(proposed.status == .ok, "\(proposed.text)")
            // JD sees the asset (a party to its agreement) but owns no share: a proposed id and an
            // unused one get the same answer, a 403 before the domain is asked.
            func probe(_ id: String) async throws -> APIResponse {
                try await world.post("licences", IPAssetStory.licence(
                    id, licensee: "jd", exclusivity: "non_exclusive", fields: ["ocr"], licensors: ["jd"], grantedOn: "2020-11-03"), key: jd)
            }
            let taken = try await probe("jd-depth-cn")
            let unused = try await probe("never-used")
            #expect(taken.status == .forbidden, "\(taken.text)")
            #expect(unused.status == taken.status)
            #expect(unused.code == taken.code)
            // The same problem, but for its request id.
            #expect(unused.json["detail"] as? String == taken.json["detail"] as? String)
            #expect(unused.json["title"] as? String == taken.json["title"] as? String)
            // A keeper naming a non-owner licensor: licensor-not-an-owner either way, not duplicate-licence.
            for id in ["jd-depth-cn", "never-used"] {
                let keeper = try await world.post("licences", IPAssetStory.licence(
                    id, licensee: "jd", exclusivity: "non_exclusive", fields: ["ocr"], licensors: ["jd"], grantedOn: "2020-11-03"), key: world.admin)
                #expect(keeper.code == "ipasset.licensor-not-an-owner", "\(keeper.text)")
            }
        }
    }

    @Test func aTransferThatLeavesEveryOwnerConsentedGrantsAndAProposerWithoutAShareStillWithdraws() async throws {
        try await APITestApp.run("ip_consent_transfer", workers: false) { app in
            let world = try await World.build(app)
            let cuhk = try await app.key(.university, party: "cuhk-shenzhen")
            let hkust = try await app.key(.university, party: "hkust")
            let tencent = try await app.key(.company, party: "tencent")
            _ = try await world.post("licence-proposals", World.proposal("jd-depth-cn", by: "cuhk-shenzhen"), key: cuhk)
            let consented = try await world.post("licence-proposals/jd-depth-cn/consents", World.consent(by: "hkust"), key: hkust)
            #expect(consented.eventTypes == ["LicenceConsentGiven"], "\(consented.text)")
            // Tencent, the last owner awaited, gives its whole share to the proposer: granted.
            let transferred = try await world.post("ownership-transfers",
                #"{"from": "tencent", "to": "cuhk-shenzhen", "shareBasisPoints": 3000, "transferredOn": "2020-11-21"}"#, key: tencent)
            #expect(transferred.eventTypes == ["OwnershipTransferred", "LicenceGranted"], "\(transferred.text)")

            // A proposer that gave away its whole share withdraws its own proposal with its own key.
            _ = try await world.post("licence-proposals", World.proposal("jd-depth-hk", by: "cuhk-shenzhen", field: "robotics"), key: cuhk)
            let left = try await world.post("ownership-transfers",
                #"{"from": "cuhk-shenzhen", "to": "hkust", "shareBasisPoints": 7000, "transferredOn": "2020-11-22"}"#, key: cuhk)
            #expect(left.eventTypes == ["OwnershipTransferred"], "\(left.text)")
            let withdrawn = try await world.post("licence-proposals/jd-depth-hk/withdrawal",
                #"{"by": "cuhk-shenzhen", "withdrawnOn": "2020-11-23", "reason": "CUHK-Shenzhen no longer owns a share."}"#, key: cuhk)
            #expect(withdrawn.eventTypes == ["LicenceProposalWithdrawn"], "\(withdrawn.text)")
            // Its key still may not consent or propose: it owns no share.
            let proposedAgain = try await world.post("licence-proposals", World.proposal("jd-depth-mo", by: "cuhk-shenzhen", field: "ocr"), key: cuhk)
            #expect(proposedAgain.status == .forbidden)
        }
    }
}
