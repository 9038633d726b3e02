/// Rows of `funding_commitments`, `funding_disbursements` and `funding_adjustments`; property
/// names are the column names (see schema/migrations/0006_funding.sql). A commitment row is
/// public: the API reads the stored rows and the rows of an `asOf` fold as this one type.
public struct FundingCommitmentRow: Codable, Equatable, Sendable {
    public let stream_id: String
    public let commitment_id: String
    public let agreement_id: String
    public let funder_id: String
    public let purpose: String
    public let amount_kind: String
    public let currency: String?
    public let unit: String?
    public let initially_committed: Int64
    public let committed: Int64
    public let disbursed: Int64
    public let remaining: Int64
    public let released: Int64
    public let period_from: String
    public let period_to: String?
    public let status: String
    public let closed_on: String?
    public let closed_reason: String?
    public let stream_version: Int
    public let updated_position: Int64
}

public struct FundingDisbursementRow: Codable, Equatable, Sendable {
    public let stream_id: String
    public let commitment_id: String
    public let funder_id: String
    public let reference: String
    public let amount_kind: String
    public let currency: String?
    public let unit: String?
    public let amount: Int64
    public let value_date: String
    public let reversed: Bool
    public let reversed_on: String?
    public let reversal_reason: String?
    public let recorded_version: Int
    public let recorded_position: Int64

    /// The same disbursement with its reversal on it.
    func reversed(on day: String, reason: String) -> FundingDisbursementRow {
        FundingDisbursementRow(
            stream_id: stream_id, commitment_id: commitment_id, funder_id: funder_id, reference: reference, amount_kind: amount_kind,
            currency: currency, unit: unit, amount: amount, value_date: value_date, reversed: true, reversed_on: day,
            reversal_reason: reason, recorded_version: recorded_version, recorded_position: recorded_position)
    }
}

/// `delta` is in the commitment's currency or unit, signed.
public struct FundingAdjustmentRow: Codable, Equatable, Sendable {
    public let stream_id: String
    public let commitment_id: String
    public let amendment: Int
    public let delta: Int64
    public let recorded_version: Int
    public let recorded_position: Int64
}
