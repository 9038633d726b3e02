import LabLedgerDomain

/// One research output, without its contributors' ORCID iDs (those are in `output_people`).
public struct OutputRow: Codable, Equatable, Sendable {
    public enum ReviewState: String, Codable, Sendable { case none, pending, cleared }

    public let stream_id: String
    public let output_id: String
    public let lab_id: String
    public let kind: String
    public let title: String
    /// As first given, for display.
    public let doi: String?
    /// Lower-cased, for the unique lookup.
    public let doi_normalized: String?
    public let date: LocalDate
    public let agreement_id: String?
    public let status: OutputStatus
    public let validation: String
    public let revalidation_required: Bool
    public let submitted_on: LocalDate?
    public let validated_on: LocalDate?
    public let validated_by: String?
    public let review_state: ReviewState
    public let review_requested_on: LocalDate?
    /// The first day the review no longer holds publication back, cleared or not.
    public let review_window_ends_on: LocalDate?
    /// The day the last reviewer cleared.
    public let review_cleared_on: LocalDate?
    /// The first day publication may go ahead: the clearance or the window's end, whichever is first.
    public let review_clears_on: LocalDate?
    public let published_on: LocalDate?
    public let venue: String?
    public let withdrawn_on: LocalDate?
    public let withdrawal_reason: String?
    public let contributor_count: Int
    public let stream_version: Int
    public let updated_position: Int64
}

/// A party an output concerns: an affiliation, or a reviewer under the publication-review clause.
public struct OutputPartyRow: Codable, Equatable, Sendable {
    public enum Relation: String, Codable, Sendable { case affiliation, reviewer }

    public let stream_id: String
    public let output_id: String
    public let party_id: String
    public let relation: Relation
    public let position: Int
    /// For a reviewer: the day they cleared the output.
    public let cleared_on: LocalDate?
}

/// A contributor: a natural person by ORCID iD, with their CRediT roles.
public struct OutputPersonRow: Codable, Equatable, Sendable {
    public let stream_id: String
    public let output_id: String
    public let orcid: String
    public let position: Int
    public let credit_roles: [String]
}
