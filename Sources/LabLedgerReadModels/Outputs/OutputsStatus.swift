import LabLedgerDomain

/// Where an output stands, as one value to filter on. Finer facts (validation, a pending
/// correction, the review) have their own columns; this picks what matters most: withdrawn and
/// published are final, then waiting for validation, then waiting for reviewers.
public enum OutputStatus: String, Codable, Equatable, Sendable {
    case registered
    case submitted
    case validated
    case underReview = "under_review"
    case published
    case withdrawn

    init(_ state: OutputState) {
        if state.withdrawnOn != nil {
            self = .withdrawn
        } else if state.publishedOn != nil {
            self = .published
        } else if state.validation == .submitted {
            self = .submitted
        } else if let review = state.review, !review.isCleared {
            self = .underReview
        } else if state.validation == .validated {
            self = .validated
        } else {
            self = .registered
        }
    }
}
