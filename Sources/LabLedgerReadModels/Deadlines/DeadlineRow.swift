import LabLedgerDomain

public enum DeadlineKind: String, Codable, Equatable, Sendable {
    case optionExpiry = "option_expiry"
    case publicationReview = "publication_review"
    case agreementTermEnd = "agreement_term_end"
    case internshipEnd = "internship_end"
    case placementEnd = "placement_end"
    case applicationWindowClose = "application_window_close"
    case commitmentPeriodEnd = "commitment_period_end"
}

/// How a deadline stopped being open.
public enum DeadlineResolution: String, Codable, Equatable, Sendable {
    case exercised, declined, lapsed
    case cleared, published, withdrawn
    case terminated, expired
    case ended
    /// The stream recorded something dated on or after the day (used for application windows,
    /// which close by the calendar alone).
    case passed
    case closed
}

/// The fact that settled a deadline, kept in the documents.
struct DeadlineSettlement: Codable, Sendable, Equatable {
    let resolution: DeadlineResolution
    let on: LocalDate
}

/// One deadline. `due_on` is the day the window closes — the first day it is no longer open,
/// as every period in the domain is half-open — and `open` stays true until the stream records
/// the fact that settles it, so an open row whose day has passed is overdue.
public struct DeadlineRow: Codable, Equatable, Sendable {
    public let stream_id: String
    /// Unique within the stream: `option-<n>`, `publication-review`, `term-end`,
    /// `internship-<n>`, `placement-end`, `application-window`, `commitment-period`.
    public let deadline_key: String
    public let kind: DeadlineKind
    /// The id of the asset, output, agreement, placement, round or commitment.
    public let subject: String
    public let lab_id: String?
    /// Sorted, without duplicates.
    public let party_ids: [String]
    public let due_on: LocalDate
    public let description: String
    public let open: Bool
    public let resolution: DeadlineResolution?
    public let resolved_on: LocalDate?
    public let stream_version: Int
    public let updated_position: Int64

    init(
        streamID: String, key: String, kind: DeadlineKind, subject: String, lab: LabID?, parties: [PartyID], dueOn: LocalDate,
        description: String, settlement: DeadlineSettlement?, stamp: LedgerStamp
    ) {
        stream_id = streamID
        deadline_key = key
        self.kind = kind
        self.subject = subject
        lab_id = lab?.rawValue
        party_ids = Set(parties).sorted().map(\.rawValue)
        due_on = dueOn
        self.description = description
        open = settlement == nil
        resolution = settlement?.resolution
        resolved_on = settlement?.on
        stream_version = stamp.version
        updated_position = stamp.position
    }
}
