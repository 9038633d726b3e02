/// Rows of `funding_commitments`, `funding_disbursements` and `funding_adjustments`; property
/// names are the column names (see schema/migrations/0006_funding.sql).
struct FundingCommitmentRow: Codable, Equatable {
    let stream_id: String
    let commitment_id: String
    let agreement_id: String
    let funder_id: String
    let purpose: String
    let amount_kind: String
    let currency: String?
    let unit: String?
    let initially_committed: Int64
    let committed: Int64
    let disbursed: Int64
    let remaining: Int64
    let released: Int64
    let period_from: String
    let period_to: String?
    let status: String
    let closed_on: String?
    let closed_reason: String?
    let stream_version: Int
    let updated_position: Int64
}

struct FundingDisbursementRow: Codable, Equatable {
    let stream_id: String
    let commitment_id: String
    let funder_id: String
    let reference: String
    let amount_kind: String
    let currency: String?
    let unit: String?
    let amount: Int64
    let value_date: String
    let reversed: Bool
    let reversed_on: String?
    let reversal_reason: String?
    let recorded_version: Int
    let recorded_position: Int64
}

/// `delta` is in the commitment's currency or unit, signed.
struct FundingAdjustmentRow: Codable, Equatable {
    let stream_id: String
    let commitment_id: String
    let amendment: Int
    let delta: Int64
    let recorded_version: Int
    let recorded_position: Int64
}
