import LabLedgerDomain

/// One research output, without its contributors' ORCID iDs (those are in `output_people`).
struct OutputRow: Codable, Equatable {
    enum ReviewState: String, Codable { case none, pending, cleared }

    let stream_id: String
    let output_id: String
    let lab_id: String
    let kind: String
    let title: String
    /// As first given, for display.
    let doi: String?
    /// Lower-cased, for the unique lookup.
    let doi_normalized: String?
    let date: LocalDate
    let agreement_id: String?
    let status: OutputStatus
    let validation: String
    let revalidation_required: Bool
    let submitted_on: LocalDate?
    let validated_on: LocalDate?
    let validated_by: String?
    let review_state: ReviewState
    let review_requested_on: LocalDate?
    /// The first day the review no longer holds publication back, cleared or not.
    let review_window_ends_on: LocalDate?
    /// The day the last reviewer cleared.
    let review_cleared_on: LocalDate?
    /// The first day publication may go ahead: the clearance or the window's end, whichever is first.
    let review_clears_on: LocalDate?
    let published_on: LocalDate?
    let venue: String?
    let withdrawn_on: LocalDate?
    let withdrawal_reason: String?
    let contributor_count: Int
    let stream_version: Int
    let updated_position: Int64
}

/// A party an output concerns: an affiliation, or a reviewer under the publication-review clause.
struct OutputPartyRow: Codable, Equatable {
    enum Relation: String, Codable { case affiliation, reviewer }

    let stream_id: String
    let output_id: String
    let party_id: String
    let relation: Relation
    let position: Int
    /// For a reviewer: the day they cleared the output.
    let cleared_on: LocalDate?
}

/// A contributor: a natural person by ORCID iD, with their CRediT roles.
struct OutputPersonRow: Codable, Equatable {
    let stream_id: String
    let output_id: String
    let orcid: String
    let position: Int
    let credit_roles: [String]
}
