/// A research output as the story plans it: which turns its record will take on the way to
/// publication.
struct HistoryOutput: Sendable {
    let lab: Int
    let agreement: Int?
    let correctsBeforeValidation: Bool
    let correctsAfterValidation: Bool
    let withdraws: Bool
    let disclosesInvention: Bool
    var corrected = false
    var correctedAfterValidation = false
    var disclosed = false
}
