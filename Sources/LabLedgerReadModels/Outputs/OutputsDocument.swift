import LabLedgerDomain

/// The domain's output state plus what it forgets: when the output was submitted and
/// validated, by whom, when each reviewer cleared, where it was published, why it was withdrawn.
struct OutputsDocument: Codable, Sendable, Equatable {
    struct Clearance: Codable, Sendable, Equatable {
        let reviewer: PartyID
        let clearedOn: LocalDate
    }

    var state: OutputState
    /// The latest submission: a corrected output is submitted again and queues from then.
    var submittedOn: LocalDate?
    var validatedOn: LocalDate?
    var validatedBy: PartyID?
    /// In clearing order.
    var clearances: [Clearance]
    var venue: String?
    var withdrawalReason: String?
    var stamp: LedgerStamp

    /// The day the last reviewer cleared, once every reviewer has.
    var reviewClearedOn: LocalDate? {
        guard let review = state.review, review.isCleared else { return nil }
        return clearances.map(\.clearedOn).max()
    }
}
