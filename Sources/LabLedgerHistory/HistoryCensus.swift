/// Sizes the history. Each lab produces a few thousand events over its life, so a bigger history
/// gets more labs (with their own parties and streams), never longer streams. Once a month the
/// census compares the events made so far plus those its labs are still expected to make with
/// the target, and founds new labs while that falls short — at most `foundingsPerMonth`, so a
/// large history spreads its labs over the first years of the story instead of founding them all
/// at once. Labs that turn out smaller than expected are made up for by later foundings.
extension HistoryWorld {
    mutating func census() throws {
        var projected = eventsEmitted
        for lab in labRecords { projected += lab.eventsOutstanding(on: today) }
        var founded = 0
        while projected < target, founded < foundingsPerMonth {
            let kind: HistoryLab.Kind = switch random.int(0...99) {
            case 0..<6: .pilot
            case 6..<26: .accelerator
            default: .joint
            }
            let lab = try planGeneratedLab(kind: kind, foundedOn: today + random.int(20...50))
            projected += labRecords[lab].eventsExpected
            founded += 1
        }
        schedule(.census, on: try HistoryDay.adding(months: 1, to: today), lab: nil)
    }
}
