/// A placement as the story plans it.
struct HistoryPlacement: Sendable {
    let lab: Int
    let agreement: Int
    /// The cohort's stipend commitment; nil for a postdoc.
    let commitment: Int?
    /// Stipends paid before the student withdraws; nil: the student completes.
    let withdrawsAfter: Int?
    var stipendsPaid = 0
}
