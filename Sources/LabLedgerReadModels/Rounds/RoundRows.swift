/// Rows of the rounds projection; property names are the column names (see
/// schema/migrations/0009_rounds.sql). Only `RoundPersonRow` holds personal data.
///
/// Counts: `applied_count` is every application; `pending_count`, `rejected_count` and
/// `graduated_count` are startups in that status now; `admitted_count` is every startup ever
/// admitted, graduated ones included.
public struct RoundRow: Codable, Equatable, Sendable {
    public let stream_id: String
    public let round_id: String
    public let lab_id: String
    public let number: Int
    public let capacity: Int
    /// The application window `[window_from, window_to)`.
    public let window_from: String
    public let window_to: String?
    public let programme_months: Int
    public let programme_from: String?
    public let programme_to: String?
    public let opened_on: String
    public let applied_count: Int
    public let pending_count: Int
    public let admitted_count: Int
    public let rejected_count: Int
    public let graduated_count: Int
    public let status: String
    public let graduated_on: String?
    public let stream_version: Int
    public let updated_position: Int64
}

public struct RoundStartupRow: Codable, Equatable, Sendable {
    public let stream_id: String
    public let round_id: String
    public let lab_id: String
    public let startup_id: String
    public let status: String
    public let applied_on: String
    public let admitted_on: String?
    public let rejected_on: String?
    public let rejection_reason: String?
    public let graduated_on: String?
}

/// `kind` is the benefit's kind; `amount_kind`, `currency`, `unit` and `quantity` say what it
/// is worth, as in the funding tables. The same `reference` is a disbursement on
/// `commitment_id`'s stream when the benefit draws on a commitment.
public struct RoundBenefitRow: Codable, Equatable, Sendable {
    public let stream_id: String
    public let round_id: String
    public let reference: String
    public let startup_id: String
    public let kind: String
    public let amount_kind: String
    public let currency: String?
    public let unit: String?
    public let quantity: Int64
    public let provider_id: String
    public let commitment_id: String?
    public let granted_on: String
    public let recorded_version: Int
    public let recorded_position: Int64
    /// Absent before migration 0029 and in benefits granted without one.
    public var description: String? = nil
}

/// `mentor_id` is pseudonymous; the mentor's name and contact details are in `round_people`.
public struct RoundMentorRow: Codable, Equatable, Sendable {
    public let stream_id: String
    public let round_id: String
    public let startup_id: String
    public let mentor_id: String
    public let assigned_on: String
    /// True when the mentor was on the advisory board of the round's lab when the assignment was
    /// recorded; nil for an outside mentor (migration 0040).
    public var advisory_board_member: Bool? = nil
}

public struct RoundPersonRow: Codable, Equatable, Sendable {
    public let stream_id: String
    public let round_id: String
    public let person_id: String
    public let name: String
    public let email: String?
    public let phone: String?
}
