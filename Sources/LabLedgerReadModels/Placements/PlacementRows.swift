/// Rows of the placements projection; property names are the column names (see
/// schema/migrations/0008_placements.sql). Only `PlacementPersonRow` holds personal data.
public struct PlacementRow: Codable, Equatable, Sendable {
    public let stream_id: String
    public let placement_id: String
    public let kind: String
    public let lab_id: String
    public let agreement_id: String
    /// Pseudonymous: the key of the person's data in `placement_people`, not the data itself.
    public let person_id: String
    public let degree_grantor_id: String?
    public let sponsor_id: String?
    public let employer_id: String?
    public let period_from: String
    public let period_to: String?
    public let started_on: String
    public let status: String
    public let degree: String?
    public let degree_conferred_on: String?
    public let ended_on: String?
    public let end_reason: String?
    public let stipend_commitment_id: String?
    public let stipend_currency: String?
    /// Minor units of `stipend_currency`, like `stipends_paid`; both nil for a postdoc.
    public let stipend_monthly: Int64?
    public let stipends_paid: Int64?
    public let stipend_payment_count: Int?
    public let last_stipend_paid_on: String?
    public let stream_version: Int
    public let updated_position: Int64
}

/// `number` counts a placement's internships from 1 in the order they started.
public struct PlacementInternshipRow: Codable, Equatable, Sendable {
    public let stream_id: String
    public let placement_id: String
    public let number: Int
    public let host_id: String
    public let agreement_id: String
    public let lab_id: String
    public let period_from: String
    public let period_to: String?
    public let ended_on: String?
}

/// One stipend payment; the same `reference` is a disbursement on `commitment_id`'s stream.
public struct PlacementStipendRow: Codable, Equatable, Sendable {
    public let stream_id: String
    public let placement_id: String
    public let reference: String
    public let commitment_id: String
    public let currency: String
    public let amount: Int64
    public let period_from: String
    public let period_to: String?
    public let paid_on: String
    public let recorded_version: Int
    public let recorded_position: Int64
}

public struct PlacementPersonRow: Codable, Equatable, Sendable {
    public let stream_id: String
    public let placement_id: String
    public let person_id: String
    public let orcid: String?
    public let name: String
    public let email: String?
    public let phone: String?
}
