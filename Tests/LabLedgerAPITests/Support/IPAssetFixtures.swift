import Foundation
import HTTPTypes

/// The Machine Intelligence Joint Lab story up to a disclosed invention: Tencent (sponsor) and
/// CUHK-Shenzhen (university) under an executed joint-lab agreement, JD as a would-be licensee
/// and Alibaba as a company with no part in any of it. Set up through the API itself.
struct IPAssetStory {
    let app: APITestApp
    let admin: String
    let lab = "tencent-cuhksz-mi-lab"
    let agreement = "tencent-cuhksz-2018"
    let asset = "mi-lab-2019-001"

    var assetPath: String { "/v1/ip-assets/\(asset)" }

    /// Parties, lab and executed agreement; with `disclosed`, the invention too; with `owned`,
    /// ownership determined half and half.
    static func begin(_ app: APITestApp, disclosed: Bool = true, owned: Bool = true) async throws -> IPAssetStory {
        let story = IPAssetStory(app: app, admin: try await app.admin())
        try await story.expectOK(story.app.post("/v1/parties", key: story.admin, json: party("tencent", "Tencent", "company")))
        try await story.expectOK(story.app.post("/v1/parties", key: story.admin, json: party("cuhk-shenzhen", "The Chinese University of Hong Kong, Shenzhen", "university")))
        try await story.expectOK(story.app.post("/v1/parties", key: story.admin, json: party("jd", "JD.com", "company")))
        try await story.expectOK(story.app.post("/v1/parties", key: story.admin, json: party("alibaba", "Alibaba Group", "company")))
        try await story.expectOK(story.app.post("/v1/labs", key: story.admin, json: """
            {"lab": "\(story.lab)", "name": "Machine Intelligence Joint Lab", "foundedOn": "2018-06-12",
             "founders": [{"party": "tencent", "role": "industry_partner"}, {"party": "cuhk-shenzhen", "role": "university"}]}
            """))
        try await story.expectOK(story.app.post("/v1/labs/\(story.lab)/agreements", key: story.admin, json: """
            {"agreement": "\(story.agreement)", "title": "Machine Intelligence Joint Lab Agreement", "kind": "joint_lab_agreement",
             "parties": [{"party": "tencent", "role": "sponsor"}, {"party": "cuhk-shenzhen", "role": "university"}],
             "costShares": [{"party": "tencent", "basisPoints": 10000}, {"party": "cuhk-shenzhen", "basisPoints": 0}],
             "ipTerms": {"ownership": "joint", "sponsorOptionDays": 180, "publicationReviewDays": 30},
             "term": {"from": "2018-06-12", "to": "2030-06-12"}, "draftedOn": "2018-05-20"}
            """))
        for (party, signedOn) in [("tencent", "2018-06-12"), ("cuhk-shenzhen", "2018-06-11")] {
            try await story.expectOK(story.app.post("/v1/agreements/\(story.agreement)/signatures", key: story.admin, json: """
                {"party": "\(party)", "signatory": "\(party)-signatory-1", "signatoryTitle": "Vice President", "signedOn": "\(signedOn)",
                 "person": {"name": "Example Signatory"}}
                """))
        }
        if disclosed { try await story.expectOK(story.disclose()) }
        if disclosed && owned { try await story.determineOwnership() }
        return story
    }

    /// Ownership of the asset determined: half CUHK-Shenzhen's, half Tencent's.
    @discardableResult
    func determineOwnership() async throws -> APIResponse {
        let owned = try await command("ownership", """
            {"owners": [{"party": "cuhk-shenzhen", "shareBasisPoints": 5000}, {"party": "tencent", "shareBasisPoints": 5000}],
             "determinedOn": "2019-04-02"}
            """)
        try expectOK(owned)
        return owned
    }

    static func party(_ id: String, _ name: String, _ kind: String) -> String {
        #"{"party": "\#(id)", "name": "\#(name)", "kind": "\#(kind)", "country": "CN"}"#
    }

    @discardableResult
    func disclose(key: String? = nil, asset: String? = nil) async throws -> APIResponse {
        try await app.post("/v1/labs/\(lab)/ip-assets", key: key ?? admin, json: """
            {"asset": "\(asset ?? self.asset)", "agreement": "\(agreement)",
             "title": "Self-supervised pre-training for low-resource speech recognition",
             "inventors": [{"orcid": "0000-0002-1825-0097", "shareBasisPoints": 6000}, {"orcid": "0000-0001-5109-3700", "shareBasisPoints": 4000}],
             "disclosedOn": "2019-03-18"}
            """)
    }

    /// POST to `/v1/ip-assets/<asset>/<path>`.
    @discardableResult
    func command(_ path: String, _ json: String, key: String? = nil, headers: HTTPFields = [:]) async throws -> APIResponse {
        try await app.post("\(assetPath)/\(path)", key: key ?? admin, json: json, headers: headers)
    }

    /// A licence body; every part can be varied.
    static func licence(
        _ id: String, licensee: String, exclusivity: String = "exclusive", fields: [String] = ["computer-vision"],
        territories: [String] = ["WORLD"], from: String = "2019-07-01", to: String = "2029-07-01",
        licensors: [String] = ["cuhk-shenzhen", "tencent"], grantedOn: String = "2019-06-20"
    ) -> String {
        func list(_ items: [String]) -> String { "[" + items.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
        return """
            {"licence": "\(id)", "licensee": "\(licensee)", "licensors": \(list(licensors)), "exclusivity": "\(exclusivity)",
             "fields": \(list(fields)), "territories": \(list(territories)), "term": {"from": "\(from)", "to": "\(to)"},
             "royalty": {"rateBasisPoints": 300, "minimumAnnual": {"currency": "CNY", "amount": "200000.00"}}, "grantedOn": "\(grantedOn)"}
            """
    }

    /// Fails the test with the answer when a set-up step is refused.
    func expectOK(_ response: APIResponse) throws {
        guard response.status == .ok || response.status == .created else {
            throw APITestError("set-up step answered \(response.status.code): \(response.text)")
        }
    }
}

extension APIResponse {
    /// The types of the events a command wrote.
    var eventTypes: [String] {
        ((json["events"] as? [[String: Any]]) ?? []).compactMap { $0["type"] as? String }
    }
}
