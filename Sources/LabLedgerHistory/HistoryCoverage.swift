/// Rare turns of the story (a reversed disbursement, a withdrawn paper, a lapsed option) happen
/// by chance. The first chance of each is taken for sure, so every history of 10,000 events
/// holds every event type — early in the story, whatever the seed — while later chances keep
/// the turns as rare as they are in life.
struct HistoryCoverage: Sendable {
    enum Turn: Hashable, Sendable {
        case partyCorrection
        case memberAdmission
        case memberDeparture
        case amendment
        case reversal
        case internship
        case transferIn
        case withdrawal
        case postdoc
        case outputCorrection
        case correctionAfterValidation
        case outputWithdrawal
        case disclosure
        case optionExercised
        case optionDeclined
        case optionLapsed
        case utilityModel
        case patentLapse
        case ownershipTransfer
        case soleLicence
        case licenceTermination
        case licenceProposal
        case proposalWithdrawal
        case licensingOffer
        case licensingOfferWithdrawal
    }

    private var taken: Set<Turn> = []

    func hasTaken(_ turn: Turn) -> Bool { taken.contains(turn) }

    /// The first of `turns` not yet taken, now taken; nil once all have been. For turns that
    /// exclude each other (an option is exercised, declined or left to lapse), so the first
    /// chances go to each in turn.
    mutating func takeFirstUntaken(_ turns: [Turn]) -> Turn? {
        guard let turn = turns.first(where: { !taken.contains($0) }) else { return nil }
        taken.insert(turn)
        return turn
    }

    /// True at the first chance of `turn`, then with `probability`.
    mutating func take(_ turn: Turn, probability: Double, random: inout HistoryRandom) -> Bool {
        let draw = random.chance(probability)
        guard taken.insert(turn).inserted else { return draw }
        return true
    }
}
