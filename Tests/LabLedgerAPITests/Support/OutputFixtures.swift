import Foundation
import HTTPTypes
import Testing

/// The Machine Intelligence Joint Lab of Tencent and CUHK-Shenzhen with its executed joint-lab
/// agreement (Tencent the sponsor, a 30-day publication review), built through the API. JD and
/// HKSTP are registered too but take no part, so their keys see nothing of the lab's outputs.
struct OutputStory {
    static let lab = "tencent-cuhksz-mi-lab"
    static let agreement = "tencent-cuhksz-2018"
    static let orcid = "0000-0002-1825-0097"
    static let otherOrcid = "0000-0001-5109-3700"

    let app: APITestApp
    let admin: String

    /// `reviewDays` is the agreement's publication-review clause (0: none).
    static func make(_ app: APITestApp, reviewDays: Int = 30) async throws -> OutputStory {
        let admin = try await app.admin()
        let parties = [
            ("tencent", "Tencent", "company", "CN"), ("cuhk-shenzhen", "The Chinese University of Hong Kong, Shenzhen", "university", "CN"),
            ("jd", "JD.com", "company", "CN"), ("hkstp", "Hong Kong Science and Technology Parks Corporation", "public_body", "HK"),
        ]
        for (party, name, kind, country) in parties {
            try await expectDone(app.post(
                "/v1/parties", key: admin, json: #"{"party":"\#(party)","name":"\#(name)","kind":"\#(kind)","country":"\#(country)"}"#))
        }
        try await expectDone(app.post("/v1/labs", key: admin, json: """
            {"lab":"\(lab)","name":"Machine Intelligence Joint Lab","foundedOn":"2018-06-12",
             "founders":[{"party":"tencent","role":"industry_partner"},{"party":"cuhk-shenzhen","role":"university"}]}
            """))
        try await expectDone(app.post("/v1/labs/\(lab)/agreements", key: admin, json: """
            {"agreement":"\(agreement)","title":"Machine Intelligence Joint Lab Agreement","kind":"joint_lab_agreement",
             "parties":[{"party":"tencent","role":"sponsor"},{"party":"cuhk-shenzhen","role":"university"}],
             "costShares":[{"party":"tencent","basisPoints":10000},{"party":"cuhk-shenzhen","basisPoints":0}],
             "ipTerms":{"ownership":"joint","sponsorOptionDays":90,"publicationReviewDays":\(reviewDays)},
             "term":{"from":"2018-06-12","to":"2023-06-12"},"draftedOn":"2018-05-20"}
            """))
        for (party, signedOn) in [("cuhk-shenzhen", "2018-06-11"), ("tencent", "2018-06-12")] {
            try await expectDone(app.post("/v1/agreements/\(agreement)/signatures", key: admin, json: """
                {"party":"\(party)","signatory":"\(party)-signatory-1","signatoryTitle":"Vice President","signedOn":"\(signedOn)",
                 "person":{"name":"Example Signatory"}}
                """))
        }
        return OutputStory(app: app, admin: admin)
    }

    /// A registration body; `agreement: nil` registers an output produced under no agreement.
    static func registration(
        _ output: String, doi: String? = nil, kind: String = "paper", date: String = "2019-09-04",
        affiliations: [String] = ["cuhk-shenzhen", "tencent"], agreement: String? = OutputStory.agreement
    ) -> String {
        var body: [String: Any] = [
            "output": output, "kind": kind, "title": "Learning to Ground Dialogue (\(output))", "date": date,
            "affiliations": affiliations,
            "contributors": [
                ["orcid": orcid, "creditRoles": ["conceptualization", "methodology"]],
                ["orcid": otherOrcid, "creditRoles": ["Writing – review & editing"]],
            ],
        ]
        if let doi { body["doi"] = doi }
        if let agreement { body["agreement"] = agreement }
        let data = (try? JSONSerialization.data(withJSONObject: body, options: .sortedKeys)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    @discardableResult
    func register(_ output: String, doi: String? = nil, key: String? = nil, agreement: String? = OutputStory.agreement,
                  affiliations: [String] = ["cuhk-shenzhen", "tencent"], kind: String = "paper", date: String = "2019-09-04")
        async throws -> APIResponse
    {
        try await app.post(
            "/v1/labs/\(Self.lab)/outputs", key: key ?? admin,
            json: Self.registration(output, doi: doi, kind: kind, date: date, affiliations: affiliations, agreement: agreement))
    }

    /// Runs one output command (`/v1/outputs/<output>/<action>`).
    @discardableResult
    func act(_ output: String, _ action: String, key: String? = nil, json: String, ifMatch: String? = nil) async throws -> APIResponse {
        try await app.post(
            "/v1/outputs/\(output)/\(action)", key: key ?? admin, json: json, headers: ifMatch.map { [.ifMatch: $0] } ?? [:])
    }

    /// Registered, submitted and validated by CUHK-Shenzhen.
    func validated(_ output: String, doi: String? = nil, agreement: String? = OutputStory.agreement) async throws {
        try await Self.expectDone(register(output, doi: doi, agreement: agreement))
        try await Self.expectDone(act(output, "submissions", json: #"{"submittedOn":"2019-09-05"}"#))
        try await Self.expectDone(act(output, "validations", json: #"{"validatedBy":"cuhk-shenzhen","validatedOn":"2019-09-10"}"#))
    }

    /// The event types of a stream, oldest first, and the data of each.
    func events(_ stream: String) async throws -> [(type: String, data: [String: Any])] {
        let response = try await app.get("/v1/streams/\(stream)/events", key: app.key(.auditor))
        let items = (response.json["items"] as? [[String: Any]]) ?? []
        return items.map { ($0["type"] as? String ?? "", $0["data"] as? [String: Any] ?? [:]) }
    }

    /// The event types a command's answer lists.
    static func eventTypes(_ response: APIResponse) -> [String] {
        ((response.json["events"] as? [[String: Any]]) ?? []).compactMap { $0["type"] as? String }
    }

    /// The quoted version. Read through percent-decoding: the generated server currently
    /// percent-encodes header values (`%221%22`), which the contract does not intend.
    static func etag(_ response: APIResponse) -> String? { header(response, .eTag) }

    static func header(_ response: APIResponse, _ name: HTTPField.Name) -> String? {
        response.headers[name].map { $0.removingPercentEncoding ?? $0 }
    }

    static func expectDone(_ response: APIResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == .ok || response.status == .created, "\(response.text)", sourceLocation: sourceLocation)
    }
}
