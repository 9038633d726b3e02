import LabLedgerDomain

/// One accelerator round folded. `RoundState` is not the document because it keeps mentors as
/// a dictionary of sets keyed by party, whose JSON order changes from run to run, and lacks
/// what the rows show (decision dates, rejection reasons, mentors' data).
struct RoundDocument: Codable, Sendable, Equatable {
    enum Decision: String, Codable, Sendable {
        case pending
        case admitted
        case rejected
    }

    struct Startup: Codable, Sendable, Equatable {
        var startup: PartyID
        var appliedOn: LocalDate
        var decision: Decision
        var decidedOn: LocalDate?
        var rejectionReason: String?
    }

    struct Benefit: Codable, Sendable, Equatable {
        var reference: String
        var startup: PartyID
        var kind: BenefitKind
        var quantity: Amount
        var provider: PartyID
        var commitment: CommitmentID?
        var grantedOn: LocalDate
        var recordedVersion: Int
        var recordedPosition: Int64
    }

    struct Mentor: Codable, Sendable, Equatable {
        var startup: PartyID
        var mentor: PersonID
        var assignedOn: LocalDate
        /// Personal data: it goes to `round_people` only.
        var person: PersonalData
    }

    var round: RoundID
    var lab: LabID
    var number: Int
    var capacity: Int
    var applicationWindow: DateRange
    var programmeMonths: Int
    var openedOn: LocalDate
    /// In application order.
    var startups: [Startup]
    /// In the order granted.
    var benefits: [Benefit]
    /// In the order assigned.
    var mentors: [Mentor]
    var graduates: [PartyID]
    var graduatedOn: LocalDate?
    var streamVersion: Int
    var updatedPosition: Int64
}

extension RoundDocument {
    init(_ opened: RoundOpened, at event: ProjectableEvent) {
        self.init(
            round: opened.round, lab: opened.lab, number: opened.number, capacity: opened.capacity,
            applicationWindow: opened.applicationWindow, programmeMonths: opened.programmeMonths, openedOn: opened.openedOn,
            startups: [], benefits: [], mentors: [], graduates: [], graduatedOn: nil, streamVersion: event.streamVersion,
            updatedPosition: event.position)
    }

    /// The programme as the domain counts it (from the window's close, `programmeMonths` long).
    var programme: DateRange? {
        var state = RoundState()
        state.applicationWindow = applicationWindow
        state.programmeMonths = programmeMonths
        return state.programme
    }

    /// An admitted startup among the cohort's graduates shows as graduated; the others by
    /// their decision (so graduated startups are still counted as admitted).
    func status(of startup: Startup) -> String {
        switch startup.decision {
        case .pending: return "applied"
        case .admitted: return graduatedOn != nil && graduates.contains(startup.startup) ? "graduated" : "admitted"
        case .rejected: return "rejected"
        }
    }
}
