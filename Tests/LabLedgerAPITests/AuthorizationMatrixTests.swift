import Foundation
import HTTPTypes
import Testing

/// Every role against every operation of the contract, with the exact status the rules of
/// docs/api.md give: 401 without a key, 403 for a role that may not (or a party key naming
/// another party as actor), 404 for what the caller's party is not a party to.
@Suite struct AuthorizationMatrixTests {
    @Test func everyOperationOfTheContractHasExactlyOneRowInTheMatrix() throws {
        let spec = try MatrixSpec.operations()
        #expect(spec.count > 60, "read \(spec.count) operations from \(MatrixSpec.url.path)")
        let rows = Dictionary(grouping: MatrixTable.rows, by: \.operationID)
        for operation in spec {
            guard let row = rows[operation.operationID]?.first else {
                Issue.record("\(operation.operationID) (\(operation.method.uppercased()) \(operation.path)) has no row in MatrixTable")
                continue
            }
            #expect(row.template == operation.path, "\(operation.operationID): row is for \(row.template), the spec says \(operation.path)")
            #expect(row.method.rawValue.lowercased() == operation.method, "\(operation.operationID): method")
        }
        for (id, rows) in rows where rows.count > 1 { Issue.record("\(id) has \(rows.count) rows") }
        let known = Set(spec.map(\.operationID))
        for row in MatrixTable.rows where !known.contains(row.operationID) {
            Issue.record("\(row.operationID) has a row but is not in the spec")
        }
    }

    @Test func everyRoleGetsExactlyTheAnswerTheRulesGiveForEveryOperation() async throws {
        try await APITestApp.run("authz_matrix", log: true, personKEK: true) { app in
            let world = try await MatrixWorld.build(app)
            try await app.waitForReadModels(world.position)
            var tally: [MatrixRole: (allowed: Int, refused: Int)] = [:]
            for row in MatrixTable.rows {
                // Refusals first: they change nothing, so each sees the world as the row found it.
                // Then permitted party keys, so theirs is the write that succeeds; the keepers
                // after them may meet a domain refusal (already done), which still shows they got past.
                func rank(_ role: MatrixRole) -> Int { row.expect(role) != .allowed ? 0 : role.isParty ? 1 : 2 }
                let roles = MatrixRole.allCases.sorted { rank($0) < rank($1) }
                for role in roles {
                    let path = row.path(role).replacingOccurrences(of: "{firstEvent}", with: world.firstEventID)
                    let response = try await app.send(row.method, path, key: world.key(role), body: row.body?(role))
                    let actual = MatrixOutcome(response.status)
                    let expected = row.expect(role)
                    #expect(
                        actual == expected,
                        "\(row.operationID) as \(role): expected \(expected), got \(actual) — \(response.status.code) \(response.text.prefix(300))")
                    var counts = tally[role] ?? (0, 0)
                    if actual == .allowed { counts.allowed += 1 } else { counts.refused += 1 }
                    tally[role] = counts
                    if row.listsRows, actual == .allowed { expectListScoped(row, role, response) }
                }
            }
            let lines = MatrixRole.allCases.map { role in
                "\(role): \(tally[role]?.allowed ?? 0) allowed, \(tally[role]?.refused ?? 0) refused"
            }
            print("Authorization matrix (\(MatrixTable.rows.count) operations):\n" + lines.joined(separator: "\n"))
        }
    }

    @Test func partyKeysNamingAnotherPartyAsActorAreRefused() async throws {
        try await APITestApp.run("authz_acting") { app in
            let world = try await MatrixWorld.build(app)
            let w = MatrixWorld.mi
            let cuhk = MatrixRole.universityInvolved
            let tencent = MatrixRole.companyInvolved
            let attempts: [(MatrixRole, String, String, String)] = [
                (cuhk, "signAgreement", "/v1/agreements/\(w.draftAgreement)/signatures", MatrixWorld.signature("tencent")),
                (tencent, "signAgreement", "/v1/agreements/\(w.draftAgreement)/signatures", MatrixWorld.signature("cuhk-shenzhen")),
                (tencent, "commitFunding", "/v1/agreements/\(w.agreement)/commitments", MatrixWorld.commitment("matrix-as-cuhk", funder: "cuhk-shenzhen")),
                (cuhk, "awardStudentship", "/v1/labs/\(w.lab)/studentships", MatrixWorld.studentship(w, placement: "matrix-as-tencent", grantor: "tencent")),
                (cuhk, "appointPostdoc", "/v1/labs/\(w.lab)/postdocs", MatrixWorld.postdoc(w, placement: "matrix-as-tencent-2", employer: "tencent")),
                (tencent, "startInternship", "/v1/placements/\(w.studentship)/internships",
                 #"{"host": "cuhk-shenzhen", "agreement": "\#(w.agreement)", "period": {"from": "2019-07-01", "to": "2019-10-01"}}"#),
                (cuhk, "conferDegree", "/v1/placements/\(w.studentship)/degree",
                 #"{"grantor": "tencent", "degree": "PhD", "conferredOn": "2022-07-15"}"#),
                (cuhk, "registerOutput", "/v1/labs/\(w.lab)/outputs", MatrixWorld.output("matrix-as-tencent", affiliations: ["tencent"], agreement: w.agreement)),
                (cuhk, "validateOutput", "/v1/outputs/\(w.output)/validations", #"{"validatedBy": "tencent", "validatedOn": "2019-09-10"}"#),
                (tencent, "clearPublicationReview", "/v1/outputs/\(w.output)/review-clearances", #"{"reviewer": "cuhk-shenzhen", "clearedOn": "2019-09-20"}"#),
                (cuhk, "transferIPAssetOwnership", "/v1/ip-assets/\(w.asset)/ownership-transfers",
                 #"{"from": "tencent", "to": "cuhk-shenzhen", "shareBasisPoints": 100, "transferredOn": "2021-01-15"}"#),
                (tencent, "exerciseIPAssetOption", "/v1/ip-assets/\(w.asset)/options/1/exercise", #"{"by": "cuhk-shenzhen", "exercisedOn": "2019-06-01"}"#),
                (tencent, "declineIPAssetOption", "/v1/ip-assets/\(w.asset)/options/2/decline", #"{"by": "cuhk-shenzhen", "declinedOn": "2019-06-01"}"#),
                (cuhk, "grantLicence", "/v1/ip-assets/\(w.asset)/licences",
                 MatrixWorld.licence("matrix-as-tencent", licensee: "alibaba", licensors: ["tencent"], territory: "CN")),
                (tencent, "proposeLicence", "/v1/ip-assets/\(w.asset)/licence-proposals", MatrixWorld.proposal("matrix-as-cuhk", by: "cuhk-shenzhen")),
                (cuhk, "consentToLicence", "/v1/ip-assets/\(w.asset)/licence-proposals/any/consents", #"{"by": "tencent", "consentedOn": "2021-02-10"}"#),
                (tencent, "withdrawLicenceProposal", "/v1/ip-assets/\(w.asset)/licence-proposals/any/withdrawal",
                 #"{"by": "cuhk-shenzhen", "withdrawnOn": "2021-02-10", "reason": "Not ours to withdraw."}"#),
                (tencent, "offerIPAssetForLicensing", "/v1/ip-assets/\(w.asset)/licensing-offer",
                 #"{"offeredBy": "cuhk-shenzhen", "fields": ["computer-vision"], "territories": ["WORLD"], "exclusivityOffered": false, "offeredOn": "2021-02-20"}"#),
                (cuhk, "withdrawIPAssetLicensingOffer", "/v1/ip-assets/\(w.asset)/licensing-offer/withdrawal",
                 #"{"by": "tencent", "withdrawnOn": "2021-02-21", "reason": "Not ours to withdraw."}"#),
                (tencent, "applyToRound", "/v1/rounds/\(w.round)/applications", #"{"startup": "sensetime", "appliedOn": "2019-09-20"}"#),
            ]
            for (role, operation, path, body) in attempts {
                let response = try await app.post(path, key: world.key(role), json: body)
                #expect(response.status == .forbidden, "\(operation) as \(role) naming another party: \(response.status.code) \(response.text.prefix(300))")
            }
        }
    }

    /// The matrix runs its queries before any offer is made; these are the cells of the same
    /// two queries while the asset is on offer and after the offer is withdrawn, set up here so
    /// they do not hang on the order of the matrix's rows.
    @Test func whileOnOfferEveryKeyListsItAndUninvolvedPartiesGetTheRedactedAvailabilityUntilItIsWithdrawn() async throws {
        try await APITestApp.run("authz_offer") { app in
            let world = try await MatrixWorld.build(app)
            let w = MatrixWorld.mi
            let availability = "/v1/ip-assets/\(w.asset)/availability?field=computer-vision&territory=CN&on=2021-03-01"
            let offered = try await app.post("/v1/ip-assets/\(w.asset)/licensing-offer", key: world.key(.universityInvolved), json: """
                {"offeredBy": "cuhk-shenzhen", "fields": ["computer-vision"], "territories": ["WORLD"], "exclusivityOffered": false, "offeredOn": "2021-02-20"}
                """)
            #expect(offered.status == .ok, "\(offered.text)")
            try await app.waitForReadModels(try #require(offered.position))

            for role in MatrixRole.allCases {
                let expected: MatrixOutcome = role == .anonymous ? .unauthenticated : .allowed
                let answer = try await app.get(availability, key: world.key(role))
                #expect(MatrixOutcome(answer.status) == expected, "availability on offer as \(role): \(answer.status.code) \(answer.text.prefix(300))")
                let listed = try await app.get("/v1/licensable-ip-assets", key: world.key(role))
                #expect(MatrixOutcome(listed.status) == expected, "listing as \(role): \(listed.status.code) \(listed.text.prefix(300))")
                if expected == .allowed {
                    let assets = ((listed.json["items"] as? [[String: Any]]) ?? []).compactMap { $0["asset"] as? String }
                    #expect(assets.contains(w.asset), "listing as \(role): \(listed.text.prefix(300))")
                }
                if role == .universityUninvolved || role == .companyUninvolved {
                    let reasons = (answer.json["reasons"] as? [[String: Any]]) ?? []
                    #expect(reasons.allSatisfy { $0["licence"] == nil && $0["option"] == nil }, "\(role): \(answer.text)")
                    let other = role == .companyUninvolved ? "hkust" : "jd"
                    let forAnother = try await app.get(availability + "&licensee=\(other)", key: world.key(role))
                    #expect(MatrixOutcome(forAnother.status) == .forbidden, "\(role) asking for \(other): \(forAnother.status.code) \(forAnother.text.prefix(300))")
                }
            }

            let withdrawn = try await app.post("/v1/ip-assets/\(w.asset)/licensing-offer/withdrawal", key: world.key(.companyInvolved), json: """
                {"by": "tencent", "withdrawnOn": "2021-03-02", "reason": "Off the market."}
                """)
            #expect(withdrawn.status == .ok, "\(withdrawn.text)")
            try await app.waitForReadModels(try #require(withdrawn.position))
            for role in MatrixRole.allCases {
                let answer = try await app.get(availability, key: world.key(role))
                #expect(MatrixOutcome(answer.status) == MatrixRule.resource(role), "availability after withdrawal as \(role): \(answer.status.code) \(answer.text.prefix(300))")
            }
        }
    }

    @Test func partyKeysSeeNoneOfAnotherLabsRowsAndNoneOfItsResources() async throws {
        try await APITestApp.run("authz_scoping") { app in
            let world = try await MatrixWorld.build(app)
            try await app.waitForReadModels(world.position)
            let parties: [MatrixRole] = [.universityInvolved, .companyInvolved, .universityUninvolved, .companyUninvolved]
            for role in parties {
                let (own, other) = role.isInvolved ? (MatrixWorld.mi, MatrixWorld.jd) : (MatrixWorld.jd, MatrixWorld.mi)
                let key = world.key(role)
                for lab in [own.lab, other.lab] {
                    for list in ["outputs", "placements", "rounds", "funding", "agreements"] {
                        let response = try await app.get("/v1/labs/\(lab)/\(list)", key: key)
                        #expect(response.status == .ok, "\(role) GET \(lab)/\(list): \(response.status.code) \(response.text.prefix(200))")
                        let shown = Self.ids(response)
                        #expect(shown.isDisjoint(with: other.visibleIDs), "\(role) GET \(lab)/\(list) shows \(shown.intersection(other.visibleIDs))")
                        if lab == own.lab {
                            #expect(!shown.isEmpty, "\(role) GET \(lab)/\(list) shows none of its own lab's rows")
                        }
                    }
                }
                let assets = try await app.get("/v1/ip-assets", key: key)
                #expect(assets.status == .ok)
                #expect(Self.ids(assets).isDisjoint(with: other.visibleIDs), "\(role) /v1/ip-assets shows \(Self.ids(assets).intersection(other.visibleIDs))")
                #expect(Self.ids(assets).contains(own.asset), "\(role) /v1/ip-assets misses its own asset")
                let otherParty = role.isInvolved ? "jd" : "tencent"
                let named = try await app.get("/v1/ip-assets?party=\(otherParty)", key: key)
                #expect(named.status == .notFound, "\(role) /v1/ip-assets?party=\(otherParty): \(named.status.code)")
                func resources(_ lab: MatrixLab) -> [String] {
                    [
                        "/v1/outputs/\(lab.output)", "/v1/ip-assets/\(lab.asset)",
                        "/v1/ip-assets/\(lab.asset)/availability?field=computer-vision&territory=CN&on=2020-01-01",
                        "/v1/placements/\(lab.studentship)", "/v1/rounds/\(lab.round)", "/v1/agreements/\(lab.agreement)",
                        "/v1/commitments/\(lab.stipends)",
                    ]
                }
                for path in resources(other) {
                    let response = try await app.get(path, key: key)
                    #expect(response.status == .notFound, "\(role) GET \(path): \(response.status.code) \(response.text.prefix(200))")
                }
                for path in resources(own) {
                    let response = try await app.get(path, key: key)
                    #expect(response.status == .ok, "\(role) GET its own \(path): \(response.status.code) \(response.text.prefix(200))")
                }
            }
        }
    }

    /// A list a caller may read shows the MI lab's rows to keepers, auditors and the MI
    /// parties, and none of them to a party of another lab.
    private func expectListScoped(_ row: MatrixRow, _ role: MatrixRole, _ response: APIResponse) {
        let labs = row.operationID == "listLabs"
        let shown = Self.ids(response, labs: labs).intersection(MatrixWorld.mi.visibleIDs)
        switch role {
        case .universityUninvolved, .companyUninvolved:
            #expect(shown.isEmpty, "\(row.operationID) as \(role) shows the MI lab's \(shown.sorted())")
        case .universityInvolved, .companyInvolved:
            #expect(Self.ids(response, labs: labs).isDisjoint(with: MatrixWorld.jd.visibleIDs), "\(row.operationID) as \(role) shows JD–HKUST rows")
            #expect(!shown.isEmpty, "\(row.operationID) as \(role) shows none of its lab's rows")
        default:
            #expect(!shown.isEmpty, "\(row.operationID) as \(role) shows none of the MI lab's rows")
        }
    }

    /// The ids a list answer names (outputs, placements, rounds, assets, commitments, agreements,
    /// and the subjects of deadlines; labs only for the list of labs, since every other item
    /// names its lab too and would count as shown by that alone).
    static func ids(_ response: APIResponse, labs: Bool = false) -> Set<String> {
        let items = (response.json["items"] as? [[String: Any]]) ?? []
        let keys = (labs ? ["lab"] : []) + ["output", "placement", "round", "asset", "commitment", "agreement", "subject"]
        return Set(items.flatMap { item in keys.compactMap { item[$0] as? String } })
    }
}
