/// Rows of `funding_agreements` and `funding_agreement_parties`; property names are the column
/// names (see schema/migrations/0006_funding.sql).
struct FundingAgreementRow: Codable, Equatable {
    let stream_id: String
    let agreement_id: String
    let lab_id: String
    let kind: String
    let title: String
    let status: String
    let term_from: String
    let term_to: String?
    let drafted_on: String
    let executed_on: String?
    let terminated_on: String?
    let expired_on: String?
    /// Amendment numbers in force, in order.
    let amendments: [Int]
    let stream_version: Int
    let updated_position: Int64
}

/// `cost_share_basis_points` is the party's share of the costs as currently amended (nil if the
/// agreement gives it none); `signed_on` is nil until the party signs.
struct FundingAgreementPartyRow: Codable, Equatable {
    let stream_id: String
    let agreement_id: String
    let party_id: String
    let role: String
    let cost_share_basis_points: Int?
    let signed_on: String?
}
