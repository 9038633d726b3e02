/// An accelerator round as the story plans it: its window, capacity and the commitments its
/// benefits draw on.
struct HistoryRound: Sendable {
    let lab: Int
    let windowOpens: Int
    let windowCloses: Int
    let programmeEnds: Int
    let capacity: Int
    let cash: Int
    let compute: Int
    let office: Int
    var applicants: [Int] = []
    var admitted: [Int] = []
    /// Admitted startups whose benefits have been granted, in admission order.
    var benefitsGranted = 0
}
