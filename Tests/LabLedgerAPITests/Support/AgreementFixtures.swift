import Foundation
import HTTPTypes
import Testing

/// The Machine Intelligence Joint Lab story, set up through the API: Tencent and CUHK-Shenzhen
/// found the lab and sign its agreement; JD is registered but a party to none of it.
enum MILab {
    static let lab = "tencent-cuhksz-mi-lab"
    static let agreement = "tencent-cuhksz-2018"
    static let stipends = "tencent-phd-stipends-2018"

    static func draft(
        agreement: String = agreement, parties: String = #"[{"party": "tencent", "role": "sponsor"}, {"party": "cuhk-shenzhen", "role": "university"}]"#,
        costShares: String = #"[{"party": "tencent", "basisPoints": 10000}, {"party": "cuhk-shenzhen", "basisPoints": 0}]"#,
        term: String = #"{"from": "2018-06-12", "to": "2023-06-12"}"#, peopleTerms: String? = nil
    ) -> String {
        """
        {"agreement": "\(agreement)", "title": "Machine Intelligence Joint Lab Agreement", "kind": "joint_lab_agreement",
         "parties": \(parties), "costShares": \(costShares),
         "ipTerms": {"ownership": "joint", "sponsorOptionDays": 90, "publicationReviewDays": 30},
         "term": \(term), "draftedOn": "2018-05-20"\(peopleTerms.map { ", \"peopleTerms\": \($0)" } ?? "")}
        """
    }

    static func signature(party: String, on date: String = "2018-06-12") -> String {
        """
        {"party": "\(party)", "signatory": "\(party)-signatory-1", "signatoryTitle": "Authorised signatory",
         "signedOn": "\(date)", "person": {"name": "Example Signatory", "email": "signatory@example.org"}}
        """
    }

    static func commitment(
        _ id: String = stipends, funder: String = "tencent", purpose: String = "phd_stipend",
        amount: String = #"{"currency": "CNY", "amount": "3000000.00"}"#,
        period: String = #"{"from": "2018-09-01", "to": "2022-09-01"}"#
    ) -> String {
        #"{"commitment": "\#(id)", "funder": "\#(funder)", "purpose": "\#(purpose)", "amount": \#(amount), "period": \#(period)}"#
    }

    static func disbursement(_ reference: String, amount: String = #"{"currency": "CNY", "amount": "750000.00"}"#, on date: String = "2018-09-15") -> String {
        #"{"amount": \#(amount), "valueDate": "\#(date)", "reference": "\#(reference)"}"#
    }
}

extension APITestApp {
    /// Tencent, CUHK-Shenzhen and JD registered; Tencent and CUHK-Shenzhen found the lab.
    func foundMILab(_ admin: String) async throws {
        let parties = [
            ("tencent", "Tencent", "company"), ("cuhk-shenzhen", "The Chinese University of Hong Kong, Shenzhen", "university"),
            ("jd", "JD.com", "company"),
        ]
        for (party, name, kind) in parties {
            try MILab.check(
                await post("/v1/parties", key: admin, json: #"{"party": "\#(party)", "name": "\#(name)", "kind": "\#(kind)", "country": "CN"}"#),
                .created)
        }
        try MILab.check(
            await post(
                "/v1/labs", key: admin,
                json: """
                    {"lab": "\(MILab.lab)", "name": "Machine Intelligence Joint Lab", "foundedOn": "2018-06-12",
                     "founders": [{"party": "tencent", "role": "industry_partner"}, {"party": "cuhk-shenzhen", "role": "university"}]}
                    """),
            .created)
    }

    /// The lab founded and its agreement drafted (not yet signed).
    func draftMIAgreement(_ admin: String) async throws {
        try await foundMILab(admin)
        try MILab.check(await post("/v1/labs/\(MILab.lab)/agreements", key: admin, json: MILab.draft()), .created)
    }

    /// The lab's agreement drafted and signed by both parties; answers the last signature.
    @discardableResult
    func executeMIAgreement(_ admin: String) async throws -> APIResponse {
        try await draftMIAgreement(admin)
        let path = "/v1/agreements/\(MILab.agreement)/signatures"
        try MILab.check(await post(path, key: admin, json: MILab.signature(party: "cuhk-shenzhen", on: "2018-06-11")), .ok)
        return try MILab.check(await post(path, key: admin, json: MILab.signature(party: "tencent")), .ok)
    }

    /// The agreement executed and Tencent's stipend commitment made; answers the commitment.
    /// Tencent's stipends (CNY, 750,000 disbursed) and GPU hours under the lab agreement; JD's
    /// grant (CNY) under a second agreement of the lab with CUHK-Shenzhen, which Tencent is not party to.
    func fundMILab(_ admin: String) async throws -> String {
        _ = try await commitMIStipends(admin)
        try MILab.check(
            await post(
                "/v1/agreements/\(MILab.agreement)/commitments", key: admin,
                json: MILab.commitment("tencent-gpu-2019", purpose: "compute_credits", amount: #"{"unit": "gpu_hours", "quantity": 50000}"#, period: #"{"from": "2019-01-01", "to": "2020-01-01"}"#)),
            .created)
        try MILab.check(
            await post("/v1/commitments/\(MILab.stipends)/disbursements", key: admin, json: MILab.disbursement("TC-2018-09-001")), .ok)
        try MILab.check(
            await post(
                "/v1/commitments/tencent-gpu-2019/disbursements", key: admin,
                json: MILab.disbursement("GPU-2019-Q1", amount: #"{"unit": "gpu_hours", "quantity": 12000}"#, on: "2019-03-31")),
            .ok)
        try MILab.check(
            await post(
                "/v1/labs/\(MILab.lab)/agreements", key: admin,
                json: MILab.draft(
                    agreement: "jd-cuhksz-2018", parties: #"[{"party": "jd", "role": "sponsor"}, {"party": "cuhk-shenzhen", "role": "university"}]"#,
                    costShares: #"[{"party": "jd", "basisPoints": 10000}]"#)),
            .created)
        for party in ["jd", "cuhk-shenzhen"] {
            try MILab.check(await post("/v1/agreements/jd-cuhksz-2018/signatures", key: admin, json: MILab.signature(party: party)), .ok)
        }
        let last = try MILab.check(
            await post(
                "/v1/agreements/jd-cuhksz-2018/commitments", key: try await key(.company, party: "jd"),
                json: MILab.commitment("jd-grant-2018", funder: "jd", purpose: "cash_grant", amount: #"{"currency": "CNY", "amount": "1000000.00"}"#)),
            .created)
        return try #require(last.position)
    }

    @discardableResult
    func commitMIStipends(_ admin: String) async throws -> APIResponse {
        try await executeMIAgreement(admin)
        return try MILab.check(
            await post("/v1/agreements/\(MILab.agreement)/commitments", key: admin, json: MILab.commitment()), .created)
    }
}

extension MILab {
    /// Fails the test setup with the answer's body when it is not `status`.
    @discardableResult
    static func check(_ response: APIResponse, _ status: HTTPResponse.Status) throws -> APIResponse {
        guard response.status == status else {
            throw APITestError("expected \(status.code), got \(response.status.code): \(response.text)")
        }
        return response
    }

    /// The types of the events a command answer lists.
    static func events(_ response: APIResponse) -> [String] {
        ((response.json["events"] as? [[String: Any]]) ?? []).compactMap { $0["type"] as? String }
    }

    /// `If-Match` with a stream version.
    static func ifMatch(_ version: Int) -> HTTPFields { [.ifMatch: "\"\(version)\""] }
}
