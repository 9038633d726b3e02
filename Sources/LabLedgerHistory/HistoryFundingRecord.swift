/// A funding commitment as the story plans it: what draws on it and how it is paid out.
struct HistoryCommitment: Sendable {
    enum Plan: Sendable, Equatable {
        /// Paid out in equal instalments every `months` months over its period.
        case instalments(months: Int)
        /// Drawn by the stipends of one cohort of PhD students.
        case stipends
        /// Drawn by the benefits of one accelerator round.
        case round
    }

    let lab: Int
    let agreement: Int
    let plan: Plan
    var disbursementCount = 0
    /// Studentships still drawing on a stipend commitment.
    var openPlacements = 0
}
