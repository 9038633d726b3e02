import LabLedgerDomain

/// A lab as the story plans it: who founds it, how long it is active, what it does, and the
/// handles of everything it has started. The lab's stream state (members, status) lives in the
/// lab store; this is the plan beside it.
struct HistoryLab: Sendable {
    enum Kind: Sendable, Equatable {
        /// A research lab of a university and companies: agreements, funding, PhD students,
        /// postdocs, outputs and inventions.
        case joint
        /// A lab that runs a startup accelerator, like HKAI Lab.
        case accelerator
        /// A short trial collaboration that is wound up within about a year.
        case pilot
    }

    struct Founder: Sendable {
        let party: Int
        let role: PartyRole
    }

    let id: LabID
    /// A short slug the lab's other ids start with (`hkai`, `gba0042`).
    let key: String
    let name: String
    let kind: Kind
    let researchAreas: [String]
    let foundedOn: Int
    /// New outputs, cohorts and rounds start only before this day.
    let activeUntil: Int
    let dissolves: Bool
    let currency: CurrencyCode
    let outputsPerYear: Int
    let cohortSize: ClosedRange<Int>
    let founders: [Founder]
    /// Admitted as a member on founding day (HKAI Lab's Alibaba Entrepreneurs Fund).
    let foundingMember: Founder?
    var university: Int?
    /// The company that pays PhD stipends and holds options on inventions.
    var sponsor: Int?
    var partner: Int?
    var host: Int?
    var fund: Int?

    var mainAgreement: Int?
    var mou: Int?
    var sponsoredResearch: [Int] = []
    /// Members admitted after founding, who may leave again.
    var admitted: [Int] = []
    var researchers: [ORCID] = []
    var advisors: [HistoryPerson] = []
    var placements: [Int] = []
    var rounds: [Int] = []
    var rejectedStartups: [Int] = []
    var outputCount = 0
    var assetCount = 0
    var commitmentCount = 0
    var roundsOpened = 0

    /// How many events the census expects the lab to produce in its main life, to size the
    /// history.
    let eventsExpected: Int
    /// Events the lab produced in its main life so far.
    var eventsEmitted = 0
    /// Steps still on the agenda for this lab; none left means its story is over.
    var pendingSteps = 0

    /// The end of the lab's main life: its last cohorts and rounds are over by then and only
    /// royalties (and the odd patent) trickle on. The census counts on a lab's events only until
    /// this day, so a history reaches its size while its labs are busy instead of waiting
    /// decades for royalty tails.
    var mainLifeEnds: Int { activeUntil + 3 * 365 }

    /// The events the census still expects from the lab on `day`.
    func eventsOutstanding(on day: Int) -> Int {
        pendingSteps == 0 || day >= mainLifeEnds ? 0 : max(0, eventsExpected - eventsEmitted)
    }
}
