/// Rows of the placements projection; property names are the column names (see
/// schema/migrations/0008_placements.sql). Only `PlacementPersonRow` holds personal data.
struct PlacementRow: Codable, Equatable {
    let stream_id: String
    let placement_id: String
    let kind: String
    let lab_id: String
    let agreement_id: String
    /// Pseudonymous: the key of the person's data in `placement_people`, not the data itself.
    let person_id: String
    let degree_grantor_id: String?
    let sponsor_id: String?
    let employer_id: String?
    let period_from: String
    let period_to: String?
    let started_on: String
    let status: String
    let degree: String?
    let degree_conferred_on: String?
    let ended_on: String?
    let end_reason: String?
    let stipend_commitment_id: String?
    let stipend_currency: String?
    /// Minor units of `stipend_currency`, like `stipends_paid`; both nil for a postdoc.
    let stipend_monthly: Int64?
    let stipends_paid: Int64?
    let stipend_payment_count: Int?
    let last_stipend_paid_on: String?
    let stream_version: Int
    let updated_position: Int64
}

/// `number` counts a placement's internships from 1 in the order they started.
struct PlacementInternshipRow: Codable, Equatable {
    let stream_id: String
    let placement_id: String
    let number: Int
    let host_id: String
    let agreement_id: String
    let lab_id: String
    let period_from: String
    let period_to: String?
    let ended_on: String?
}

/// One stipend payment; the same `reference` is a disbursement on `commitment_id`'s stream.
struct PlacementStipendRow: Codable, Equatable {
    let stream_id: String
    let placement_id: String
    let reference: String
    let commitment_id: String
    let currency: String
    let amount: Int64
    let period_from: String
    let period_to: String?
    let paid_on: String
    let recorded_version: Int
    let recorded_position: Int64
}

struct PlacementPersonRow: Codable, Equatable {
    let stream_id: String
    let placement_id: String
    let person_id: String
    let orcid: String?
    let name: String
    let email: String?
    let phone: String?
}
