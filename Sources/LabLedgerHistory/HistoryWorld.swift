import Foundation
import LabLedgerDomain

/// Everything the generator knows: the state of every stream it has written (each evolved with
/// the events it produced, never re-folded), its own bookkeeping beside each stream (what the
/// story plans for it), the agenda of steps still to come, and the appends of the step just run.
struct HistoryWorld: Sendable {
    let target: Int
    var random: HistoryRandom
    var clock = HistoryClock()
    var agenda = HistoryAgenda()
    var coverage = HistoryCoverage()
    /// Appends made by the step just run, in order.
    var outbox: [GeneratedAppend] = []
    /// The lab whose step is running, to count its events.
    var currentLab: Int?
    /// Events appended so far, over all labs.
    var eventsEmitted = 0

    var parties = PartyStore(category: .party)
    var partyRecords: [HistoryParty] = []
    var labs = LabStore(category: .lab)
    var labRecords: [HistoryLab] = []
    var agreements = AgreementStore(category: .agreement)
    var agreementRecords: [HistoryAgreement] = []
    var commitments = CommitmentStore(category: .commitment)
    var commitmentRecords: [HistoryCommitment] = []
    var placements = PlacementStore(category: .placement)
    var placementRecords: [HistoryPlacement] = []
    var outputs = OutputStore(category: .output)
    var outputRecords: [HistoryOutput] = []
    var assets = AssetStore(category: .ipAsset)
    var assetRecords: [HistoryAsset] = []
    var rounds = RoundStore(category: .round)
    var roundRecords: [HistoryRound] = []

    /// Which output holds each DOI (by its normalised form): the uniqueness index a command
    /// handler would keep, answering `DOIRegistryFacts`.
    var doiRegistry: [String: OutputID] = [:]
    /// Rounds opened per lab and calendar year, answering `RoundCalendarFacts`.
    var roundCalendar: [String: [RoundID]] = [:]
    /// Companies that take licences, beyond the labs' own sponsors.
    var licensees: [Int] = []

    var personCount = 0
    var orcidCount = 0
    var serialCount = 0
    var generatedLabCount = 0
    var companyCount = 0
    /// Labs the census may found in one month, so a large history spreads its labs over years.
    let foundingsPerMonth: Int

    init(seed: UInt64, target: Int) {
        self.target = target
        random = HistoryRandom(seed: seed)
        foundingsPerMonth = max(1, (target / HistoryLabPlan.typicalEvents + 35) / 36)
    }

    var today: Int { clock.today }

    func date(_ day: Int) throws -> LocalDate { try HistoryDay.date(day) }

    /// Plans `activity` for `day` (never before today), counting it against `lab`'s open steps.
    mutating func schedule(_ activity: HistoryActivity, on day: Int, lab: Int?) {
        agenda.schedule(activity, on: max(day, today), lab: lab)
        if let lab { labRecords[lab].pendingSteps += 1 }
    }

    /// Queues an append made by the running step and counts its events for the step's lab (in
    /// the lab's main life, which is what the census plans with).
    mutating func record(_ append: GeneratedAppend) {
        outbox.append(append)
        eventsEmitted += append.events.count
        if let lab = currentLab, today < labRecords[lab].mainLifeEnds { labRecords[lab].eventsEmitted += append.events.count }
    }

    mutating func occurredAt() -> Date { clock.nextOccurredAt() }

    mutating func nextSerial() -> Int {
        serialCount += 1
        return serialCount
    }

    /// Runs the next step on the agenda; false once nothing is left to do.
    mutating func step() throws -> Bool {
        guard let entry = agenda.popFirst() else { return false }
        clock.advance(to: entry.day)
        currentLab = entry.lab
        if let lab = entry.lab { labRecords[lab].pendingSteps -= 1 }
        try perform(entry.activity)
        return true
    }
}
