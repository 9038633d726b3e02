/// Rows of the rounds projection; property names are the column names (see
/// schema/migrations/0009_rounds.sql). Only `RoundPersonRow` holds personal data.
///
/// Counts: `applied_count` is every application; `pending_count`, `rejected_count` and
/// `graduated_count` are startups in that status now; `admitted_count` is every startup ever
/// admitted, graduated ones included.
struct RoundRow: Codable, Equatable {
    let stream_id: String
    let round_id: String
    let lab_id: String
    let number: Int
    let capacity: Int
    /// The application window `[window_from, window_to)`.
    let window_from: String
    let window_to: String?
    let programme_months: Int
    let programme_from: String?
    let programme_to: String?
    let opened_on: String
    let applied_count: Int
    let pending_count: Int
    let admitted_count: Int
    let rejected_count: Int
    let graduated_count: Int
    let status: String
    let graduated_on: String?
    let stream_version: Int
    let updated_position: Int64
}

struct RoundStartupRow: Codable, Equatable {
    let stream_id: String
    let round_id: String
    let lab_id: String
    let startup_id: String
    let status: String
    let applied_on: String
    let admitted_on: String?
    let rejected_on: String?
    let rejection_reason: String?
    let graduated_on: String?
}

/// `kind` is the benefit's kind; `amount_kind`, `currency`, `unit` and `quantity` say what it
/// is worth, as in the funding tables. The same `reference` is a disbursement on
/// `commitment_id`'s stream when the benefit draws on a commitment.
struct RoundBenefitRow: Codable, Equatable {
    let stream_id: String
    let round_id: String
    let reference: String
    let startup_id: String
    let kind: String
    let amount_kind: String
    let currency: String?
    let unit: String?
    let quantity: Int64
    let provider_id: String
    let commitment_id: String?
    let granted_on: String
    let recorded_version: Int
    let recorded_position: Int64
}

/// `mentor_id` is pseudonymous; the mentor's name and contact details are in `round_people`.
struct RoundMentorRow: Codable, Equatable {
    let stream_id: String
    let round_id: String
    let startup_id: String
    let mentor_id: String
    let assigned_on: String
}

struct RoundPersonRow: Codable, Equatable {
    let stream_id: String
    let round_id: String
    let person_id: String
    let name: String
    let email: String?
    let phone: String?
}
