/// The lab's rounds whose application window opens in `year`, from a read model over the round
/// streams: a lab runs at most two rounds a year, a rule across streams.
public struct RoundCalendarFacts: Sendable, Equatable {
    public let lab: LabID
    public let year: Int
    public let roundsOpened: [RoundID]

    public init(lab: LabID, year: Int, roundsOpened: [RoundID]) {
        self.lab = lab
        self.year = year
        self.roundsOpened = roundsOpened
    }
}
